package org.ecgstream.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./ecg ingest --config FILE}: settings pass through; a bad file or value is a usage error naming it, before any connection. */
class IngestCommandTest {

  @Test
  void configFileSettingsPassThroughUnchangedIncludingClientSecurity(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ingest.properties");
    Files.writeString(file, String.join("\n",
        "ingest.reorder.bound.ms=1500",
        "security.protocol=SASL_SSL",
        "sasl.mechanism=SCRAM-SHA-512",
        "ssl.truststore.location=/etc/kafka/truststore.jks",
        "num.standby.replicas=1"));

    Map<String, Object> settings = IngestCommand.load(file);

    assertThat(settings).containsEntry("ingest.reorder.bound.ms", "1500").containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512").containsEntry("ssl.truststore.location", "/etc/kafka/truststore.jks")
        .containsEntry("num.standby.replicas", "1");
  }

  @Test
  void badSettingIsAUsageErrorNamingTheKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ingest.properties");
    Files.writeString(file, "ingest.unbound.hold.ms=soon\n");

    Run run = run("ingest", "--bootstrap", "localhost:1", "--config", file.toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("ingest.unbound.hold.ms: 'soon' is not a number");
  }

  @Test
  void missingConfigFileIsAUsageError(@TempDir Path dir) {
    Run run = run("ingest", "--bootstrap", "localhost:1", "--config", dir.resolve("absent.properties").toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("does not exist");
  }

  @Test
  void aMetricsPortOutOfRangeIsAUsageErrorNamingTheKeyBeforeAnyConnection() {
    Run run = run("ingest", "--bootstrap", "localhost:1", "--metrics-port", "70000");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("ingest.metrics.port: a port 0-65535");
  }

  @Test
  void helpOfTheServicesDocumentsTheMetricsPort() {
    assertThat(run("ingest", "--help").out).contains("--metrics-port").contains("/health/ready");
    assertThat(run("bridge", "--help").out).contains("--metrics-port").contains("/health/ready");
    assertThat(run("alarms", "--help").out).contains("--metrics-port").contains("Prometheus");
  }

  @Test
  void helpDocumentsTheConfigFile() {
    assertThat(run("ingest", "--help").out).contains("--config").contains("TLS, SASL");
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = EcgCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
