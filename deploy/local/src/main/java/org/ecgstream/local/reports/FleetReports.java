package org.ecgstream.local.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.ecgstream.core.topics.EcgTopics;
import org.ecgstream.schemas.EcgReport;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.ReportPublisher;
import org.ecgstream.simulators.report.BedReports;

/** The reports on a simulated ward, ready to be sent to ecg.reports as the beds stream. */
public final class FleetReports {

  private FleetReports() {}

  /** Every bed's reports over {@code durationMillis} from {@code startMillis}, seeded per bed. */
  public static List<EcgReport> of(List<BedScript> beds, long startMillis, long durationMillis,
      BedReports.Settings settings, long seed) {
    List<EcgReport> reports = new ArrayList<>();
    for (int i = 0; i < beds.size(); i++) {
      reports.addAll(new BedReports(settings, seed + 1000L * (i + 1)).reportsFor(beds.get(i), startMillis, durationMillis));
    }
    return reports;
  }

  /** A publisher of {@code reports} to ecg.reports at {@code bootstrap}, paced at {@code speed}. */
  public static ReportPublisher publisher(String bootstrap, double speed, List<EcgReport> reports) {
    return new ReportPublisher(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), EcgTopics.REPORTS.name(),
        speed, reports);
  }
}
