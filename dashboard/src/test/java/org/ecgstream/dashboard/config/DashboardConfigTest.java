package org.ecgstream.dashboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ecgstream.dashboard.auth.PasswordHasher;
import org.junit.jupiter.api.Test;

class DashboardConfigTest {

  private static final String HASH = new PasswordHasher(10_000).hash("x".toCharArray());

  @Test
  void readmeListsEveryKeyWithItsDefault() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    for (ConfigKey k : DashboardConfig.KEYS) {
      String row = "| `" + k.name() + "` |" + (k.defaultValue().isEmpty() ? "" : " `" + k.defaultValue() + "`") + " | " + k.description() + " |";
      assertThat(readme).as(k.name()).contains(row);
    }
  }

  @Test
  void everyProblemIsNamedInOneMessage() {
    assertThatThrownBy(() -> DashboardConfig.of(Map.of("http.port", "eighty", "stream.tick-ms", "0", "colour", "blue",
        "user.kim", "plain-password", "metrics.port", "ninety")))
        .hasMessageContaining("kafka.bootstrap: required")
        .hasMessageContaining("http.port: 'eighty' is not a whole number")
        .hasMessageContaining("stream.tick-ms: 0 is out of range")
        .hasMessageContaining("colour: unknown key")
        .hasMessageContaining("user.kim: not a password hash")
        .hasMessageContaining("metrics.port: a port 0-65535");
  }

  @Test
  void someoneMustBeAbleToSignIn() {
    assertThatThrownBy(() -> DashboardConfig.of(Map.of("kafka.bootstrap", "k:9092"))).hasMessageContaining("no users");
    assertThat(DashboardConfig.of(Map.of("kafka.bootstrap", "k:9092", "user.kim", HASH)).users()).containsOnlyKeys("kim");
  }

  @Test
  void singleSignOnNeedsAClientAndASecretByReference() {
    assertThatThrownBy(() -> DashboardConfig.of(Map.of("kafka.bootstrap", "k:9092", "oidc.issuer", "https://idp.example",
        "oidc.client-secret", "literal")))
        .hasMessageContaining("oidc.client-id: required").hasMessageContaining("oidc.client-secret: give the secret by reference");
    assertThat(DashboardConfig.of(Map.of("kafka.bootstrap", "k:9092", "oidc.issuer", "https://idp.example",
        "oidc.client-id", "ward", "oidc.client-secret", "env:DASHBOARD_OIDC_SECRET")).users()).isEmpty();
  }

  @Test
  void kafkaClientSettingsPassWithoutTheirPrefix() {
    DashboardConfig c = DashboardConfig.of(Map.of("kafka.bootstrap", "k:9093", "kafka.client.security.protocol", "SSL", "user.kim", HASH));
    assertThat(c.kafkaClientConfig()).containsEntry("bootstrap.servers", "k:9093").containsEntry("security.protocol", "SSL");
  }

  @Test
  void usersMayComeFromASeparateFileWithUserLinesOnly(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path users = dir.resolve("users.properties");
    Files.writeString(users, "user.nurse.kim=" + HASH + "\n");
    DashboardConfig config = DashboardConfig.of(Map.of("kafka.bootstrap", "k:9093", "users.file", users.toString()));
    assertThat(config.users()).containsOnlyKeys("nurse.kim");

    Files.writeString(users, "user.nurse.kim=" + HASH + "\nhttp.port=80\n");
    assertThatThrownBy(() -> DashboardConfig.of(Map.of("kafka.bootstrap", "k:9093", "users.file", users.toString())))
        .hasMessageContaining("http.port is not a user.NAME line");
    assertThatThrownBy(() -> DashboardConfig.of(Map.of("kafka.bootstrap", "k:9093", "users.file", dir.resolve("none").toString())))
        .hasMessageContaining("users.file: cannot read");
  }
}
