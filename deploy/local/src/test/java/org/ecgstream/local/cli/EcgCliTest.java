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
    for (String command : new String[] {"demo", "broker"}) {
      Run run = run(command, "--help");
      assertThat(run.exitCode).as(command).isZero();
      assertThat(run.out).as(command).contains("Usage: ecg " + command);
    }
    assertThat(run("demo", "--help").out).contains("--beds").contains("--duration").contains("--bootstrap");
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
