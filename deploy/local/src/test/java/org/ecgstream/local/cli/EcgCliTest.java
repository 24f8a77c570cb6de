package org.ecgstream.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EcgCliTest {

  @Test
  void topLevelHelpListsTheCommands() {
    Run run = run("--help");
    assertThat(run.exitCode).isZero();
    assertThat(run.out).contains("demo").contains("broker").contains("Usage: ecg");
  }

  @Test
  void everyCommandExplainsItselfWithHelp() {
    for (String command : new String[] {"demo", "broker", "simulate", "ingest", "alarms", "alerts", "models", "score-qrs", "score-af", "score-vt", "score-noise"}) {
      Run run = run(command, "--help");
      assertThat(run.exitCode).as(command).isZero();
      assertThat(run.out).as(command).contains("Usage: ecg " + command);
    }
    assertThat(run("demo", "--help").out).contains("--beds").contains("--duration").contains("--bootstrap");
  }

  @Test
  void evalHelpStatesHowProbesAreFittedAndCompared() {
    Run run = run("eval", "--help");
    assertThat(run.exitCode).isZero();
    // Percent signs are escaped for picocli's formatter: rendered once, never as "%%" or raw.
    // Whitespace is folded because picocli wraps the description at 80 columns.
    assertThat(run.out.replaceAll("\\s+", " ")).contains("1%, 10% and 100%").contains("leave-one-out").contains("50 label draws")
        .contains("paired by draw").doesNotContain("%%");
  }

  @Test
  void bridgeHelpNamesItsEndpointsAndConfig() {
    Run run = run("bridge", "--help");
    assertThat(run.exitCode).isZero();
    assertThat(run.out).contains("Usage: ecg bridge").contains("--bootstrap=HOST:PORT").contains("--hl7=HOST:PORT")
        .contains("--fhir=URL").contains("--config=FILE").contains("PCD-04").contains("ecg.alerts.parked");
  }

  @Test
  void badDurationIsRefusedWithAnExplanation() {
    Run run = run("demo", "--duration", "soon");
    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("'soon' is not a duration");
  }

  @Test
  void durationsAreReadAsPeopleWriteThem() {
    DurationConverter c = new DurationConverter();
    assertThat(c.convert("60s")).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.convert("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.convert("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(c.convert("PT90S")).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void scoreQrsPrintsJsonWithGrossAndPerRecordScoresAndWritesAnnotations(@org.junit.jupiter.api.io.TempDir java.nio.file.Path out)
      throws Exception {
    java.nio.file.Path nstdb = org.ecgstream.core.testdata.SharedData.folder("nstdb");
    Run run = runPrintingToSystemOut("score-qrs", "--db", nstdb.toString(), "--json", "--write-annotations", out.toString());
    String json = run.out();
    assertThat(run.exitCode()).isZero();
    assertThat(json).startsWith("{").contains("\"gross\":{").contains("\"record\":\"118e24\"").contains("\"samplesPerSecond\":");
    assertThat(out.resolve("118e24.qrs")).exists();
    assertThat(org.ecgstream.core.wfdb.AnnotationReader.read(out, "118e24", "qrs")).hasSizeGreaterThan(1900);
  }

  @Test
  void demoRefusesInconsistentHeartRateLimitsBeforeStartingAnything() {
    Run crossed = run("demo", "--hr-low", "130", "--duration", "5s");

    assertThat(crossed.exitCode).isEqualTo(2);
    assertThat(crossed.err).contains("--hr-* flags: heart rate limits must satisfy").contains("low (130) < high (120)");
  }

  @Test
  void scoreQrsRefusesAMissingDatabaseFolderAndAnUnknownDetector() {
    assertThat(run("score-qrs", "--db", "/no/such/folder").exitCode).isEqualTo(2);
    Run unknown = run("score-qrs", "--db", ".", "--detector", "magic");
    assertThat(unknown.exitCode).isEqualTo(2);
    assertThat(unknown.err).contains("'magic' is not a detector");
  }

  @Test
  void scoreVtPrintsJsonWithEpisodesPausesAndWidthSeparation() throws Exception {
    java.nio.file.Path nstdb = org.ecgstream.core.testdata.SharedData.folder("nstdb");
    Run run = runPrintingToSystemOut("score-vt", "--db", nstdb.toString(), "--json");
    String json = run.out();
    assertThat(run.exitCode()).isZero();
    // NSTDB's 118 records have no VT episodes; the JSON still carries every section.
    assertThat(json).startsWith("{").contains("\"record\":\"118e24\"").contains("\"gross\":{\"episodes\":0")
        .contains("\"pausesReported\":").contains("\"ventricularBeats\":{").contains("\"measure\":\"rhythm lead (MLII)\"");
  }

  @Test
  void scoreVtRefusesAMissingFolderAndOneWithoutAnnotations() {
    assertThat(run("score-vt", "--db", "/no/such/folder").exitCode).isEqualTo(2);
    Run run = run("score-vt", "--db", ".");
    assertThat(run.exitCode).isEqualTo(2);
  }

  @Test
  void scoreNoisePrintsJsonWithEveryNoisySegmentOf118e00Flagged() throws Exception {
    java.nio.file.Path nstdb = org.ecgstream.core.testdata.SharedData.folder("nstdb");
    Run run = runPrintingToSystemOut("score-noise", "--nstdb", nstdb.toString(), "--nstdb-records", "118e00",
          "--cost-passes", "0", "--json");
    String json = run.out();
    assertThat(run.exitCode()).isZero();
    // Noise from minute 5, 2 min on, 2 min off: 7 noisy segments in the 30 min, all flagged at 0 dB.
    assertThat(json).startsWith("{\"noiseStress\":[{\"record\":\"118e00\",\"noisySegments\":7,\"segmentsFlagged\":7,")
        .contains("\"annotated\":[]").doesNotContain("costNanosPerSample");
  }

  @Test
  void scoreNoiseRefusesNoDatabaseAndAMissingFolder() {
    Run none = run("score-noise");
    assertThat(none.exitCode).isEqualTo(2);
    assertThat(run("score-noise", "--nstdb", "/no/such/folder").exitCode).isEqualTo(2);
  }

  @Test
  void evalSelectionOnlyIsRefusedWithoutAdvisoryLabels(@org.junit.jupiter.api.io.TempDir java.nio.file.Path out) {
    // Without the check this would start a full evaluation of "." and fail differently (exit 1).
    assertThat(run("eval", "--model", ".", "--data", ".", "--out", out.toString(), "--selection-only").exitCode).isEqualTo(2);
    assertThat(out).isEmptyDirectory();
  }

  @Test
  void scoreAfRefusesAFolderWithoutLabels() {
    Run run = run("score-af", "--db", ".");
    assertThat(run.exitCode).isEqualTo(2);
  }

  private record Run(int exitCode, String out, String err) {}

  /** For the commands that print their result to System.out rather than picocli's writer. */
  private static Run runPrintingToSystemOut(String... args) {
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.out;
    Run run;
    System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      run = run(args);
    } finally {
      System.setOut(original);
    }
    return new Run(run.exitCode(), captured.toString(java.nio.charset.StandardCharsets.UTF_8) + run.out(), run.err());
  }

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
