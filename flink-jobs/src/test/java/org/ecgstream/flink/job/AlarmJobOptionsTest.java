package org.ecgstream.flink.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alarm job's settings: one declaration, read from a config file and flags, documented in the README. */
class AlarmJobOptionsTest {

  @TempDir Path dir;

  @Test
  void configFileSetsTheJobAndFlagsOverrideIt() throws Exception {
    Path file = dir.resolve("alarms.yaml");
    Files.writeString(file, """
        # ICU-2 alarm job
        ecg.kafka.bootstrap-servers: kafka-0:9093,kafka-1:9093
        ecg.alarms.heart-rate.low-bpm: 45
        ecg.alarms.heart-rate.high-bpm: 130
        ecg.alarms.escalate-after: 2 min
        ecg.topics.alerts: "icu2.alerts"
        ecg.model.bundle-dir: /models/cmelt-tiny
        ecg.model.stride: 2500 ms
        state.backend.type: rocksdb
        """);

    Map<String, String> settings = AlarmJobLauncher.settings(new String[] {
        "--config", file.toString(), "--ecg.alarms.heart-rate.high-bpm", "125", "--parallelism.default", "4"});
    AlarmJobConfig config = AlarmJobOptions.toConfig(settings);

    assertThat(config.bootstrapServers()).isEqualTo("kafka-0:9093,kafka-1:9093");
    assertThat(config.heartRateLimits().lowBpm()).isEqualTo(45);
    assertThat(config.heartRateLimits().highBpm()).isEqualTo(125);
    assertThat(config.heartRateLimits().extremeHighBpm()).isEqualTo(180);
    assertThat(config.escalateAfter()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.alertsTopic()).isEqualTo("icu2.alerts");
    assertThat(config.framesTopic()).isEqualTo("ecg.frames");
    assertThat(config.model().bundleDir()).isEqualTo("/models/cmelt-tiny");
    assertThat(config.model().stride()).isEqualTo(Duration.ofMillis(2500));
    assertThat(config.model().followsRegistry()).isFalse();

    Configuration flink = AlarmJobLauncher.flinkSettings(settings);
    assertThat(flink.toMap()).containsEntry("state.backend.type", "rocksdb").containsEntry("parallelism.default", "4")
        .doesNotContainKey("ecg.alarms.heart-rate.low-bpm");
  }

  @Test
  void withoutAModelDirectoryTheJobRunsSignalProcessingAlone() {
    AlarmJobConfig config = AlarmJobOptions.toConfig(Map.of("ecg.kafka.bootstrap-servers", "localhost:9092"));

    assertThat(config.model()).isNull();
    assertThat(config).isEqualTo(AlarmJobConfig.defaults("localhost:9092"));
  }

  @Test
  void afAdvisoryOptionsOverrideTheManifestsOnlyWhenSet() {
    Map<String, String> model = Map.of("ecg.kafka.bootstrap-servers", "localhost:9092",
        "ecg.model.bundle-dir", "/models/cmelt-tiny");

    ModelConfig unset = AlarmJobOptions.toConfig(model).model();
    assertThat(unset.afThreshold()).as("unset: each version's manifest decides").isNull();
    assertThat(unset.afWindows()).isNull();
    assertThat(AlarmJobOptions.AF_THRESHOLD.hasDefaultValue()).isFalse();

    Map<String, String> set = new java.util.HashMap<>(model);
    set.put("ecg.model.af-threshold", "0.5");
    ModelConfig thresholdOnly = AlarmJobOptions.toConfig(set).model();
    assertThat(thresholdOnly.afThreshold()).isEqualTo(0.5);
    assertThat(thresholdOnly.afWindows()).isNull();

    set.put("ecg.model.af-threshold", "1.5");
    assertThatThrownBy(() -> AlarmJobOptions.toConfig(set))
        .hasMessageContaining("AF advisory threshold must be a calibrated probability strictly between 0 and 1, got 1.5");
  }

  @Test
  void archiveIsOffByDefaultAndOnWithABaseDirectoryOrUri() {
    assertThat(AlarmJobOptions.toConfig(Map.of("ecg.kafka.bootstrap-servers", "localhost:9092")).archive()).isNull();

    AlarmJobConfig config = AlarmJobOptions.toConfig(Map.of("ecg.kafka.bootstrap-servers", "localhost:9092",
        "ecg.archive.base", "s3://hospital-ecg/archive", "ecg.archive.recording-length", "1 min"));

    assertThat(config.archive().baseUri()).isEqualTo("s3://hospital-ecg/archive");
    assertThat(config.archive().recordingLength()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.archive().reportsTopic()).isEqualTo("ecg.reports");
    assertThatThrownBy(() -> AlarmJobOptions.toConfig(Map.of("ecg.kafka.bootstrap-servers", "localhost:9092",
        "ecg.archive.base", "/data/archive", "ecg.archive.recording-length", "2 h")))
        .hasMessageContaining("archive recording length must be between 1 s and 10 min, got PT2H");
  }

  @Test
  void kafkaClientSettingsReachEverySourceAndSinkOfTheJob() {
    AlarmJobConfig config = AlarmJobOptions.toConfig(Map.of(
        "ecg.kafka.bootstrap-servers", "kafka:9093",
        "ecg.kafka.client.security.protocol", "SSL",
        "ecg.kafka.client.ssl.truststore.location", "/etc/kafka/ca.p12"));

    assertThat(config.kafkaClient()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "security.protocol", "SSL", "ssl.truststore.location", "/etc/kafka/ca.p12"));
    assertThat(EcgAlarmJob.clientProperties(config)).containsEntry("security.protocol", "SSL");
  }

  @Test
  void misspeltSettingIsRefusedNotIgnored() {
    assertThatThrownBy(() -> AlarmJobOptions.toConfig(Map.of(
        "ecg.kafka.bootstrap-servers", "localhost:9092", "ecg.alarms.heart-rate.hihg-bpm", "130")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown setting(s) [ecg.alarms.heart-rate.hihg-bpm]")
        .hasMessageContaining("ecg.alarms.heart-rate.high-bpm");
  }

  @Test
  void missingBootstrapAndInconsistentLimitsAreExplained() {
    assertThatThrownBy(() -> AlarmJobOptions.toConfig(Map.of()))
        .hasMessageContaining("ecg.kafka.bootstrap-servers is required");
    assertThatThrownBy(() -> AlarmJobOptions.toConfig(Map.of(
        "ecg.kafka.bootstrap-servers", "localhost:9092", "ecg.alarms.heart-rate.low-bpm", "130")))
        .hasMessageStartingWith("alarm job settings: heart rate limits must satisfy")
        .hasMessageContaining("low (130) < high (120)");
    assertThatThrownBy(() -> AlarmJobLauncher.settings(new String[] {"--config", dir.resolve("none.yaml").toString()}))
        .hasMessageContaining("none.yaml does not exist");
  }

  @Test
  void readmeDocumentsEverySettingAsDeclared() throws Exception {
    String readme = Files.readString(Path.of("README.md"));

    assertThat(readme).contains(AlarmJobOptions.markdownTable());
  }
}
