package org.ecgstream.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code ./ecg bench inference} on a handful of windows: both paths label, and the JSON has its shape. */
@Timeout(60)
class BenchInferenceCommandTest {

  private static final Path BUNDLE = Path.of(System.getProperty("ecg.models", "../../models")).resolve("cmelt-tiny");

  @Test
  void tinyRunMeasuresBothPathsAndPrintsOneJsonObject() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = EcgCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));

    int code = cli.execute("bench", "inference", "--windows", "8", "--patients", "2", "--batch", "4",
        "--model-dir", BUNDLE.toString(), "--repeat", "2", "--json");

    assertThat(code).as(err.toString()).isZero();
    String json = out.toString().trim();
    assertThat(json).startsWith("{").endsWith("}");
    assertThat(json).contains("\"windows\":8", "\"patients\":2", "\"batchSize\":4", "\"machine\":{\"cpus\":",
        "\"maxHeapMiB\":", "\"plain\":{", "\"operator\":{", "\"flink\":{", "\"ratio\":",
        "\"framesRatio\":", "\"latencyMillis\":{\"p50\":",
        "\"batchesBySize\":{");
    assertThat(number(json, "\"plain\":\\{\"windowsPerSecond\":")).isPositive();
    assertThat(number(json, "\"operator\":\\{\"windowsPerSecond\":")).isPositive();
    assertThat(number(json, "\"flink\":\\{\"windowsPerSecond\":")).isPositive();
    assertThat(number(json, "\"ratio\":")).isPositive();
    assertThat(json.split("\"labels\":8,\"lost\":0", -1)).as("three paths label all 8 windows: %s", json).hasSize(4);
    assertThat(json).containsPattern("\"plainRuns\":\\[[0-9.]+,[0-9.]+\\]").containsPattern("\"operatorRuns\":\\[[0-9.]+,[0-9.]+\\]");
    assertThat(err.toString()).contains("bench: plain:", "bench: operator:", "bench: flink:");
  }

  @Test
  void moreThanAnHourOfSignalPerPatientIsAUsageErrorNotAStackTrace() {
    StringWriter err = new StringWriter();
    CommandLine cli = EcgCli.commandLine();
    cli.setErr(new PrintWriter(err));

    int code = cli.execute("bench", "inference", "--windows", "12000", "--patients", "16", "--model-dir", BUNDLE.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("give more --patients").doesNotContain("Exception");
  }

  @Test
  void missingBundleExitsWithTwoNamingTheDirectory() {
    StringWriter err = new StringWriter();
    CommandLine cli = EcgCli.commandLine();
    cli.setErr(new PrintWriter(err));

    int code = cli.execute("bench", "inference", "--model-dir", "target/no-such-model");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains(Path.of("target/no-such-model").toAbsolutePath().toString())
        .contains("--model-dir");
  }

  private static double number(String json, String keyPattern) {
    Matcher m = Pattern.compile(keyPattern + "(-?[0-9.]+)").matcher(json);
    assertThat(m.find()).as("%s in %s", keyPattern, json).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
