package org.ecgstream.local.reports;

import java.time.Duration;
import org.ecgstream.local.cli.DurationConverter;
import org.ecgstream.simulators.report.BedReports;
import picocli.CommandLine.Option;

/** The report simulator's flags, shared by ./ecg simulate, demo and replay. */
public final class ReportOptions {

  @Option(names = "--report-delay", defaultValue = "30s", converter = DurationConverter.class,
      description = "Device time from the end of a reported span to its report on ecg.reports (default: ${DEFAULT-VALUE}).")
  public Duration delay;

  @Option(names = "--report-every", defaultValue = "60s", converter = DurationConverter.class,
      description = "Device time between two reports on one simulated bed, each on 10 s of signal (default: ${DEFAULT-VALUE}).")
  public Duration every;

  /** The simulated beds' report settings. */
  public BedReports.Settings bedSettings() {
    return new BedReports.Settings(every, BedReports.Settings.defaults().span(), delay);
  }
}
