package org.ecgstream.local.cli;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * What a command that fails with an exception it did not handle prints: one line naming the command
 * and every cause in the chain (the message an engineer acts on at three in the morning), a hint
 * where the cause is a common one (a broker that cannot be reached), and the stack trace only when
 * {@code ECG_DEBUG} is set. Exit code 1, as for refused input.
 */
final class CommandFailure implements IExecutionExceptionHandler {

  static final String DEBUG_VARIABLE = "ECG_DEBUG";

  private final boolean stackTraces;

  CommandFailure(boolean stackTraces) {
    this.stackTraces = stackTraces;
  }

  /** Stack traces when the environment variable {@value #DEBUG_VARIABLE} is set to anything but empty or 0. */
  static CommandFailure fromEnvironment() {
    String debug = System.getenv(DEBUG_VARIABLE);
    return new CommandFailure(debug != null && !debug.isBlank() && !debug.equals("0"));
  }

  @Override
  public int handleExecutionException(Exception failure, CommandLine command, ParseResult parsed) {
    PrintWriter err = command.getErr();
    err.println("ecg " + commandPath(command) + ": failed: " + causeChain(failure));
    String hint = hint(failure);
    if (hint != null) {
      err.println("  " + hint);
    }
    if (stackTraces) {
      failure.printStackTrace(err);
    } else {
      err.println("  (set " + DEBUG_VARIABLE + "=1 for the stack trace)");
    }
    err.flush();
    return 1;
  }

  /** "models list", not "ecg models list". */
  static String commandPath(CommandLine command) {
    String qualified = command.getCommandSpec().qualifiedName(" ");
    int space = qualified.indexOf(' ');
    return space < 0 ? qualified : qualified.substring(space + 1);
  }

  /** Each cause once: "message (ExceptionType); caused by: ...". */
  static String causeChain(Throwable failure) {
    StringBuilder line = new StringBuilder();
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      String message = t.getMessage();
      if (t != failure) {
        // Wrappers often repeat their cause's message as theirs: say it once.
        if (message != null && line.indexOf(message) >= 0) {
          continue;
        }
        line.append("; caused by: ");
      }
      line.append(message == null || message.isBlank() ? "(no message)" : message)
          .append(" (").append(t.getClass().getSimpleName()).append(')');
    }
    return line.toString();
  }

  private static String hint(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getClass().getName().startsWith("org.apache.kafka.common.errors.TimeoutException")) {
        return "Kafka did not answer in time: is a broker reachable at the --bootstrap address"
            + " (./ecg broker starts one), and do the security settings in --config match it?";
      }
    }
    return null;
  }
}
