package org.ecgstream.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./ecg bench}: benchmarks that print figures for docs/benchmarks.md, never test assertions. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    header = "Benchmarks: measured figures with the settings and machine they ran on.",
    description = {
      "Each subcommand measures one thing on this machine and prints a table (or JSON with --json).",
      "Figures go to docs/benchmarks.md with the command that produced them."
    },
    subcommands = {BenchInferenceCommand.class, BenchE2eCommand.class, BenchIngestCommand.class, BenchDashboardCommand.class,
        BenchSimulateCommand.class})
final class BenchCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
