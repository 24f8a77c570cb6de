package org.ecgstream.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class CommandFailureTest {

  @Command(name = "ecg", subcommands = Failing.class)
  static final class Root implements Runnable {
    @Override
    public void run() {}
  }

  @Command(name = "replay")
  static final class Failing implements Callable<Integer> {
    static Exception toThrow;

    @Override
    public Integer call() throws Exception {
      throw toThrow;
    }
  }

  private record Run(int exitCode, String err) {}

  private static Run run(Exception failure, boolean stackTraces) {
    Failing.toThrow = failure;
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Root()).setExecutionExceptionHandler(new CommandFailure(stackTraces));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("replay");
    return new Run(code, err.toString());
  }

  @Test
  void anUnhandledFailureIsOneLineWithEveryCauseAndExitCodeOne() {
    Run run = run(new IllegalStateException("cannot open the recording",
        new UncheckedIOException("reading rec.dat", new IOException("No space left on device"))), false);

    assertThat(run.exitCode()).isEqualTo(1);
    String first = run.err().lines().findFirst().orElseThrow();
    assertThat(first).isEqualTo("ecg replay: failed: cannot open the recording (IllegalStateException);"
        + " caused by: reading rec.dat (UncheckedIOException); caused by: No space left on device (IOException)");
    assertThat(run.err()).contains("set ECG_DEBUG=1 for the stack trace").doesNotContain("\tat ");
  }

  @Test
  void aWrapperRepeatingItsCausesMessageIsNotSaidTwice() {
    IOException cause = new IOException("broken pipe");
    Run run = run(new RuntimeException(cause), false);
    assertThat(run.err().lines().findFirst().orElseThrow())
        .isEqualTo("ecg replay: failed: java.io.IOException: broken pipe (RuntimeException)");
  }

  @Test
  void aKafkaTimeoutSaysWhereToLook() {
    Run run = run(new TimeoutException("Timeout expired while fetching topic metadata"), false);
    assertThat(run.err()).contains("Timeout expired while fetching topic metadata (TimeoutException)")
        .contains("is a broker reachable at the --bootstrap address");
  }

  @Test
  void theStackTraceIsPrintedWhenAskedFor() {
    Run run = run(new IllegalStateException("boom"), true);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("\tat ").doesNotContain("ECG_DEBUG=1");
  }
}
