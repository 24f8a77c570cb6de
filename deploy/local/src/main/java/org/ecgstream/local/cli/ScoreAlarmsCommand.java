package org.ecgstream.local.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ecgstream.flink.job.AlarmJobConfig;
import org.ecgstream.local.scoring.ScenarioAlarmScore;
import org.ecgstream.local.scoring.ScenarioAlarmScore.KindScore;
import org.ecgstream.local.scoring.ScenarioRun;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.simulators.scenario.WardScenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ecg score-alarms}: a scripted scenario through the alarm job, scored against its ground truth. */
@Command(
    name = "score-alarms",
    mixinStandardHelpOptions = true,
    header = "Score the alarm job on a simulated scenario: sensitivity, delay and false alarms per alarm kind.",
    description = {
      "Streams the scenario's beds (simulators/scenarios/*.json) through the alarm job's real data flow",
      "on a local Flink MiniCluster, as fast as the machine allows (no broker), and compares every",
      "alarm raised with the scenario's timeline: per kind, the events alarmed, the delay from the",
      "event's onset to the alarm (event time), and the episodes no event explains (false alarms per",
      "patient-hour). Exit code 1 when a life-threatening event (asystole, VF, VT) goes unalarmed."
    })
final class ScoreAlarmsCommand implements Callable<Integer> {

  private static final java.util.List<String> TECHNICAL_KINDS =
      java.util.List.of(org.ecgstream.flink.alarms.RhythmAlarms.LEAD_OFF, org.ecgstream.flink.alarms.RhythmAlarms.NOISE);

  @Option(names = "--scenario", required = true, paramLabel = "FILE", description = "Scenario file, e.g. simulators/scenarios/icu-events.json.")
  Path scenarioFile;

  @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulated signals (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--json", description = "Print the result as JSON instead of a table.")
  boolean json;

  @Option(names = "--list", description = "Also list every alarm state change, with its time from the scenario's start.")
  boolean list;

  @Option(names = "--verbose", description = "Show Flink's own log lines.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Logging.apply(verbose);
    WardScenario scenario;
    try {
      scenario = WardScenario.read(scenarioFile);
    } catch (IllegalArgumentException e) {
      System.err.println("score-alarms: " + e.getMessage());
      return 2;
    }
    AlarmJobConfig config = ScenarioRun.config();
    long t0 = System.nanoTime();
    if (!json) {
      System.out.printf("score-alarms: %s, %d beds x %s at %d Hz (12 leads) through the alarm job ...%n",
          scenario.name(), scenario.beds().size(), scenario.duration(), scenario.sampleRateHz());
    }
    List<Alarm> alarms = ScenarioRun.alarms(scenarioFile, scenario, config, parallelism, seed);
    double seconds = (System.nanoTime() - t0) / 1e9;
    List<ScenarioAlarmScore.Event> expected = ScenarioAlarmScore.expected(scenario, config.heartRateLimits());
    List<KindScore> scores = ScenarioAlarmScore.score(scenario, expected, alarms, ScenarioRun.START_MILLIS);
    double simulatedSeconds = scenario.beds().size() * scenario.duration().toMillis() / 1000.0;
    boolean missedLifeThreatening = scores.stream()
        .anyMatch(s -> ScenarioAlarmScore.lifeThreatening(s.kind()) && s.alarmed() < s.events());
    int falseAlarms = scores.stream().mapToInt(KindScore::falseAlarms).sum();
    // Technical alarms (electrodes, noise) say the signal cannot be trusted, not that the patient is ill.
    int falseClinical = scores.stream().filter(s -> !TECHNICAL_KINDS.contains(s.kind())).mapToInt(KindScore::falseAlarms).sum();
    double patientHours = scenario.beds().size() * scenario.duration().toMillis() / 3_600_000.0;
    if (json) {
      StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
          "{\"scenario\":\"%s\",\"beds\":%d,\"patientHours\":%.3f,\"wallSeconds\":%.1f,\"realTimeFactor\":%.1f,"
              + "\"falseAlarms\":%d,\"falseAlarmsPerPatientHour\":%.3f,\"falseClinicalAlarms\":%d,\"kinds\":[",
          scenario.name(), scenario.beds().size(), patientHours, seconds, simulatedSeconds / seconds, falseAlarms,
          falseAlarms / patientHours, falseClinical));
      for (int i = 0; i < scores.size(); i++) {
        KindScore s = scores.get(i);
        out.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
            "{\"kind\":\"%s\",\"events\":%d,\"alarmed\":%d,\"sensitivity\":%s,\"delayP50Millis\":%d,\"delayMaxMillis\":%d,"
                + "\"extraEpisodes\":%d,\"falseAlarms\":%d,\"falseAlarmsPerPatientHour\":%.3f}",
            s.kind(), s.events(), s.alarmed(), s.events() == 0 ? "null" : String.format(Locale.ROOT, "%.3f", s.sensitivity()),
            s.delayPercentileMillis(0.5), s.delayPercentileMillis(1.0), s.extraEpisodes(), s.falseAlarms(),
            s.falseAlarmsPerPatientHour()));
      }
      System.out.println(out.append("]}"));
    } else {
      System.out.printf(Locale.ROOT, "%d alarm state changes in %.1f s (%.0fx real time for all beds together)%n%n",
          alarms.size(), seconds, simulatedSeconds / seconds);
      if (list) {
        for (Alarm a : alarms) {
          System.out.printf(Locale.ROOT, "%8.1f s  %-8s %-6s %-26s %-12s %s%n",
              (a.getEventTimeMillis() - ScenarioRun.START_MILLIS) / 1000.0, a.getBedId(), a.getPriority(), a.getKind(),
              a.getState(), a.getMessage());
        }
        System.out.println();
      }
      System.out.printf("%-26s %6s %7s %6s %10s %10s %6s %6s %9s%n", "kind", "events", "alarmed", "Se",
          "delay p50", "delay max", "extra", "false", "false/p-h");
      for (KindScore s : scores) {
        System.out.printf(Locale.ROOT, "%-26s %6d %7d %6s %10s %10s %6d %6d %9.2f%n", s.kind(), s.events(), s.alarmed(),
            s.events() == 0 ? "-" : String.format(Locale.ROOT, "%.2f", s.sensitivity()),
            seconds(s.delayPercentileMillis(0.5)), seconds(s.delayPercentileMillis(1.0)), s.extraEpisodes(),
            s.falseAlarms(), s.falseAlarmsPerPatientHour());
      }
      System.out.printf(Locale.ROOT, "%nall kinds: %d false alarms in %.2f patient-hours (%.2f per patient-hour); clinical: %d, technical (%s): %d%n",
          falseAlarms, patientHours, falseAlarms / patientHours, falseClinical, String.join(", ", TECHNICAL_KINDS), falseAlarms - falseClinical);
      if (missedLifeThreatening) {
        System.out.println("A LIFE-THREATENING EVENT WENT UNALARMED (see the rows above).");
      }
    }
    return missedLifeThreatening ? 1 : 0;
  }

  private static String seconds(long millis) {
    return millis < 0 ? "-" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
