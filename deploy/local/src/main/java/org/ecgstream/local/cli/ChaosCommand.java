package org.ecgstream.local.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.ecgstream.flink.alarms.HeartRateLimits;
import org.ecgstream.local.chaos.ChaosRun;
import org.ecgstream.local.scoring.ScenarioAlarmScore;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.simulators.scenario.WardScenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./ecg chaos}: a scenario through the whole pipeline while the job is killed and the broker restarted. */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    header = "Kill the alarm job and restart the broker mid-run; count lost and duplicated alarms.",
    description = {
      "Streams a scenario file's beds (simulators/scenarios/*.json) at --speed x real time through an",
      "embedded broker (log kept on disk), the ingest app and the alarm job (DSP alarms, checkpoints every",
      "500 ms, retained on cancel). At --kill-job-at the job is cancelled and started again from its",
      "latest checkpoint; at --restart-broker-at the broker is stopped and started on the same port and",
      "log. Then ecg.alerts is read read_committed and compared with the scenario's timeline: every",
      "expected alarm must be there, and no alarm state change twice. Exit code 1 when one is lost or",
      "duplicated."
    })
final class ChaosCommand implements Callable<Integer> {

  @Option(names = "--scenario", required = true, paramLabel = "FILE", description = "Scenario file, e.g. simulators/scenarios/icu-events.json.")
  Path scenarioFile;

  @Option(names = "--speed", defaultValue = "4", description = "Multiple of real time (default: ${DEFAULT-VALUE}).")
  double speed;

  @Option(names = "--kill-job-at", converter = DurationConverter.class,
      description = "Wall time after the start at which the job is killed (default: a third of the run).")
  Duration killJobAt;

  @Option(names = "--restart-broker-at", converter = DurationConverter.class,
      description = "Wall time after the start at which the broker restarts (default: two thirds of the run).")
  Duration restartBrokerAt;

  @Option(names = "--verbose", description = "Show the components' own log lines.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    Logging.apply(verbose);
    WardScenario scenario;
    try {
      scenario = WardScenario.read(scenarioFile);
    } catch (IllegalArgumentException e) {
      System.err.println("chaos: " + e.getMessage());
      return 2;
    }
    if (!(speed > 0 && speed <= 20)) {
      System.err.println("chaos: --speed must be in (0, 20]");
      return 2;
    }
    long wallMillis = Math.round(scenario.duration().toMillis() / speed);
    Duration kill = killJobAt != null ? killJobAt : Duration.ofMillis(wallMillis / 3);
    Duration restart = restartBrokerAt != null ? restartBrokerAt : Duration.ofMillis(2 * wallMillis / 3);
    System.out.printf("chaos: %s, %d beds, %s at %.1fx; job killed at %s, broker restarted at %s (wall time)%n",
        scenario.name(), scenario.beds().size(), scenario.duration(), speed, kill, restart);
    Path work = Files.createTempDirectory("ecg-chaos-");
    ChaosRun.Outcome outcome = ChaosRun.run(scenario.beds(), scenario.duration(), speed, kill, restart, work, System.out);
    List<ScenarioAlarmScore.Event> expected = ScenarioAlarmScore.expected(scenario, HeartRateLimits.ADULT_DEFAULTS);
    int lost = 0;
    for (ScenarioAlarmScore.Event e : expected) {
      boolean found = outcome.alerts().stream().anyMatch(a -> a.getState() == AlarmState.RAISED
          && a.getPatientId().equals(e.patientId()) && a.getKind().equals(e.kind()));
      if (!found) {
        lost++;
        System.out.printf("  LOST: %s %s (scripted %.0f-%.0f s)%n", e.patientId(), e.kind(), e.fromMillis() / 1000.0,
            e.untilMillis() / 1000.0);
      }
    }
    List<String> duplicates = outcome.duplicates();
    duplicates.forEach(d -> System.out.println("  DUPLICATED: " + d));
    System.out.printf("chaos: %d frames, %d alarm state changes read read_committed; job restarts %d, broker restarts %d;"
        + " expected alarms %d, lost %d, duplicated state changes %d%n", outcome.framesSent(), outcome.alerts().size(),
        outcome.jobRestarts(), outcome.brokerRestarts(), expected.size(), lost, duplicates.size());
    return lost == 0 && duplicates.isEmpty() ? 0 : 1;
  }
}
