package org.ecgstream.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./ecg} command line. */
@Command(
    name = "ecg",
    mixinStandardHelpOptions = true,
    versionProvider = EcgCli.Version.class,
    description = {
      "ecg-stream: real-time ECG analytics on Kafka and Flink.",
      "",
      "Run './ecg demo' to start the whole system on this machine, or './ecg COMMAND --help' for one command."
    },
    subcommands = {DemoCommand.class, BrokerCommand.class, SimulateCommand.class, IngestCommand.class, AlarmsCommand.class,
        AlertsCommand.class, BridgeCommand.class, DashboardCommand.class, ModelsCommand.class, BenchCommand.class,
        ScoreQrsCommand.class, ScoreAfCommand.class, ScoreVtCommand.class, ScoreNoiseCommand.class, ScoreAlarmsCommand.class, ChaosCommand.class, ReplayCommand.class, TrainCommand.class,
        EvalCommand.class, ExportCommand.class, RetrainCommand.class, CommandLine.HelpCommand.class})
public final class EcgCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Nothing may download at run time: DJL uses the PyTorch natives from its Maven jar only.
    System.setProperty("ai.djl.offline", "true");
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for tests. */
  public static CommandLine commandLine() {
    // Help texts are written in lines of up to about 110 characters: printed at picocli's default 80
    // columns they broke mid-sentence. The terminal's width where it can be read, else 120.
    return new CommandLine(new EcgCli())
        .setUsageHelpWidth(120)
        .setUsageHelpAutoWidth(true)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(CommandFailure.fromEnvironment());
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = EcgCli.class.getPackage().getImplementationVersion();
      return new String[] {"ecg-stream " + (v == null ? "development build" : v)};
    }
  }
}
