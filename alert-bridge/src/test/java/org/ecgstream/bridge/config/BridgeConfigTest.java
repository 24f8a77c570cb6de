package org.ecgstream.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ecgstream.core.secrets.SecretReference;

class BridgeConfigTest {

  @TempDir Path dir;

  @Test
  void defaultsFillWhatTheFileAndTheFlagsLeaveOpenAndFlagsWin() throws Exception {
    Path file = Files.writeString(dir.resolve("bridge.properties"),
        "hl7.endpoint=am.example:2575\ndelivery.max-attempts=3\nkafka.client.security.protocol=SSL\n");

    BridgeConfig config = BridgeConfig.load(file, Map.of("kafka.bootstrap", "k:9092", "hl7.endpoint", "other:2576"));

    assertThat(config.hl7()).hasValueSatisfying(e -> assertThat(e.toString()).isEqualTo("other:2576"));
    assertThat(config.fhir()).isEmpty();
    assertThat(config.retryPolicy().maxAttempts()).isEqualTo(3);
    assertThat(config.retryPolicy().initialBackoff()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.text(BridgeConfig.PARKED_TOPIC)).isEqualTo("ecg.alerts.parked");
    assertThat(config.kafkaClientConfig()).containsEntry("bootstrap.servers", "k:9092").containsEntry("security.protocol", "SSL");
  }

  @Test
  void everyMistakeIsNamedInOneMessage() {
    assertThatThrownBy(() -> BridgeConfig.of(Map.of("hl7.endpoint", "nohost", "delivery.lanes", "zero",
        "fhir.bearer-token", "plain-secret-value", "hl7.endpiont", "x:1", "kafka.bootstrapservers", "k:1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kafka.bootstrap: required")
        .hasMessageContaining("hl7.endpoint: HOST:PORT")
        .hasMessageContaining("delivery.lanes: not a whole number")
        .hasMessageContaining("fhir.bearer-token: give a credential by reference")
        .hasMessageContaining("hl7.endpiont: unknown key")
        .hasMessageContaining("kafka.bootstrapservers: unknown key")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("plain-secret-value"));
  }

  @Test
  void aBearerTokenIsNeverSentOverPlainHttpToAnotherHost() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "t");
    assertThatThrownBy(() -> BridgeConfig.of(Map.of("kafka.bootstrap", "k:9092", "fhir.url", "http://fhir.example/r4",
        "fhir.bearer-token", "file:" + token)))
        .hasMessageContaining("fhir.bearer-token: a token is sent over https only");
    assertThat(BridgeConfig.of(Map.of("kafka.bootstrap", "k:9092", "fhir.url", "https://fhir.example/r4",
        "fhir.bearer-token", "file:" + token)).fhir()).isPresent();
  }

  @Test
  void aBridgeWithoutAnyChannelIsRefused() {
    assertThatThrownBy(() -> BridgeConfig.of(Map.of("kafka.bootstrap", "k:9092")))
        .hasMessageContaining("no channel");
  }

  @Test
  void secretsAreReadByReferenceAndNeverShownByValue() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "abc123\n");
    SecretReference ref = SecretReference.parse("fhir.bearer-token", "file:" + token);
    assertThat(new String(ref.resolve())).isEqualTo("abc123");
    assertThat(ref.toString()).isEqualTo("file:" + token).doesNotContain("abc123");
    assertThatThrownBy(() -> SecretReference.parse("k", "env:").resolve()).hasMessageContaining("names no variable");
  }

  @Test
  void everyKeyIsDocumentedInTheReadmeWithItsDefault() throws Exception {
    Path readme = Path.of(System.getProperty("user.dir")).resolve("README.md");
    String text = Files.readString(readme);
    for (ConfigKey key : BridgeConfig.KEYS) {
      String row = "| `" + key.name() + "` | " + (key.defaultValue().isEmpty() ? "" : "`" + key.defaultValue() + "`") + " |";
      assertThat(text).as("README row for " + key.name()).contains(row);
    }
  }
}
