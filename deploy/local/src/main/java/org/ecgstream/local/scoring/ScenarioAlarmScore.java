package org.ecgstream.local.scoring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgstream.flink.alarms.HeartRateLimitAlarms;
import org.ecgstream.flink.alarms.HeartRateLimits;
import org.ecgstream.flink.alarms.RhythmAlarms;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.scenario.WardScenario;
import org.ecgstream.simulators.scenario.WardScenario.Segment;

/**
 * Alarms against a scenario's ground truth, per alarm kind: how many scripted events of that kind
 * were alarmed (sensitivity), how long after the event's onset (event time), and how many
 * episodes were raised that no event explains (false alarms, per patient-hour).
 *
 * <p>An event is alarmed when an episode of its kind is RAISED for its patient between the
 * event's onset and {@link #GRACE_MILLIS} after its end; an episode raised outside every event of
 * its kind is false. Extra episodes inside one event (the alarm flapping) are counted apart.
 * Expected kinds: asystole, VF, VT, AF, lead-off and pauses from the timeline; heart-rate limit tiers from
 * the segment's rate against the patient's limits (the admission's, else the job's), for beating
 * rhythms with the electrodes on.
 */
public final class ScenarioAlarmScore {

  /** How long after an event's end its alarm may still come (detectors judge the past seconds). */
  public static final long GRACE_MILLIS = 15_000;

  private static final double ST_LIMIT_MV = 0.2;
  private static final long ST_SUSTAIN_MILLIS = 60_000;
  private static final double MAX_LEAD_SCALE = java.util.Arrays.stream(org.ecgstream.schemas.Lead.values())
      .filter(l -> l != org.ecgstream.schemas.Lead.UNKNOWN)
      .mapToDouble(l -> Math.abs(org.ecgstream.simulators.synthetic.BeatTrainGenerator.leadScale(l))).max().orElse(1);

  /** One scripted event that should be alarmed. */
  public record Event(String patientId, String kind, long fromMillis, long untilMillis) {}

  /** The result for one alarm kind. */
  public record KindScore(String kind, int events, int alarmed, List<Long> delaysMillis, int extraEpisodes,
      int falseAlarms, double patientHours) {

    public double sensitivity() {
      return events == 0 ? Double.NaN : alarmed / (double) events;
    }

    public double falseAlarmsPerPatientHour() {
      return falseAlarms / patientHours;
    }

    public long delayPercentileMillis(double p) {
      if (delaysMillis.isEmpty()) {
        return -1;
      }
      List<Long> sorted = new ArrayList<>(delaysMillis);
      sorted.sort(null);
      return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }
  }

  private ScenarioAlarmScore() {}

  /** The events a scenario's alarms are expected for. Times are offsets from the start. */
  public static List<Event> expected(WardScenario scenario, HeartRateLimits defaults) {
    List<Event> events = new ArrayList<>();
    for (BedScript bed : scenario.beds()) {
      HeartRateLimits limits = defaults.overriddenBy(bed.limits());
      // A scripted sinus pause at least as long as the patient's pause limit (the job's default when the
      // admission sets none) expects a PAUSE alarm: the RR across it is at least the pause.
      long pauseLimit = bed.limits() != null && bed.limits().getPauseMillis() != null ? bed.limits().getPauseMillis()
          : org.ecgstream.core.rhythm.RhythmSettings.defaults().pauseMillis();
      for (org.ecgstream.simulators.fleet.BedScript.Pause p : bed.pauses()) {
        if (p.untilMillis() - p.fromMillis() >= pauseLimit && !bed.leadOffAt(p.fromMillis())) {
          events.add(new Event(bed.patientId(), RhythmAlarms.PAUSE, p.fromMillis(), p.untilMillis()));
        }
      }
      for (Segment s : scenario.segments(bed)) {
        String patient = bed.patientId();
        if (s.leadOff()) {
          events.add(new Event(patient, RhythmAlarms.LEAD_OFF, s.fromMillis(), s.untilMillis()));
          continue;
        }
        String rhythmKind = switch (s.rhythm()) {
          case ASYSTOLE -> RhythmAlarms.ASYSTOLE;
          case VENTRICULAR_FIBRILLATION -> RhythmAlarms.VENTRICULAR_FIBRILLATION;
          case VENTRICULAR_TACHYCARDIA -> RhythmAlarms.VENTRICULAR_TACHYCARDIA;
          case ATRIAL_FIBRILLATION -> RhythmAlarms.ATRIAL_FIBRILLATION;
          case SINUS, ATRIAL_FLUTTER, THIRD_DEGREE_AV_BLOCK -> null; // no alarm of their own: the rate limits judge them
        };
        if (rhythmKind != null) {
          events.add(new Event(patient, rhythmKind, s.fromMillis(), s.untilMillis()));
        }
        // The detector needs 0.2 mV in some lead for 60 s: the largest lead projection of the simulator is V4's.
        if (s.rhythm().beating() && Math.abs(s.stMv()) * MAX_LEAD_SCALE >= ST_LIMIT_MV
            && s.untilMillis() - s.fromMillis() >= ST_SUSTAIN_MILLIS) {
          events.add(new Event(patient, RhythmAlarms.ST_DEVIATION, s.fromMillis(), s.untilMillis()));
        }
        if (s.rhythm().beating()) {
          String rateKind = s.bpm() > limits.extremeHighBpm() ? HeartRateLimitAlarms.EXTREME_TACHYCARDIA
              : s.bpm() > limits.highBpm() ? HeartRateLimitAlarms.HIGH
              : s.bpm() < limits.extremeLowBpm() ? HeartRateLimitAlarms.EXTREME_BRADYCARDIA
              : s.bpm() < limits.lowBpm() ? HeartRateLimitAlarms.LOW : null;
          if (rateKind != null) {
            events.add(new Event(patient, rateKind, s.fromMillis(), s.untilMillis()));
          }
        }
      }
    }
    return events;
  }

  /**
   * Scores the alarms ({@code startMillis}: device time of the scenario's start) against the
   * expected events, one row per kind that was expected or raised.
   */
  public static List<KindScore> score(WardScenario scenario, List<Event> expected, List<Alarm> alarms, long startMillis) {
    double patientHours = scenario.beds().size() * scenario.duration().toMillis() / 3_600_000.0;
    List<Alarm> raised = alarms.stream().filter(a -> a.getState() == AlarmState.RAISED).toList();
    Map<String, int[]> counts = new LinkedHashMap<>(); // events, alarmed, extra, false
    Map<String, List<Long>> delays = new LinkedHashMap<>();
    for (Event e : expected) {
      counts.computeIfAbsent(e.kind(), k -> new int[4])[0]++;
      delays.computeIfAbsent(e.kind(), k -> new ArrayList<>());
    }
    for (Event e : expected) {
      List<Long> onsets = new ArrayList<>();
      for (Alarm a : raised) {
        long at = a.getEventTimeMillis() - startMillis;
        if (a.getKind().equals(e.kind()) && a.getPatientId().equals(e.patientId())
            && at >= e.fromMillis() && at <= e.untilMillis() + GRACE_MILLIS) {
          onsets.add(at);
        }
      }
      if (!onsets.isEmpty()) {
        counts.get(e.kind())[1]++;
        counts.get(e.kind())[2] += onsets.size() - 1;
        delays.get(e.kind()).add(onsets.stream().min(Long::compare).orElseThrow() - e.fromMillis());
      }
    }
    for (Alarm a : raised) {
      long at = a.getEventTimeMillis() - startMillis;
      boolean explained = expected.stream().anyMatch(e -> e.kind().equals(a.getKind()) && e.patientId().equals(a.getPatientId())
          && at >= e.fromMillis() && at <= e.untilMillis() + GRACE_MILLIS);
      if (!explained) {
        counts.computeIfAbsent(a.getKind(), k -> new int[4])[3]++;
        delays.computeIfAbsent(a.getKind(), k -> new ArrayList<>());
      }
    }
    List<KindScore> out = new ArrayList<>();
    counts.forEach((kind, c) -> out.add(new KindScore(kind, c[0], c[1], List.copyOf(delays.get(kind)), c[2], c[3], patientHours)));
    return out;
  }

  /** Whether a rhythm is one the detectors must never miss (life-threatening, IEC 60601-2-27). */
  public static boolean lifeThreatening(String kind) {
    return kind.equals(RhythmAlarms.ASYSTOLE) || kind.equals(RhythmAlarms.VENTRICULAR_FIBRILLATION)
        || kind.equals(RhythmAlarms.VENTRICULAR_TACHYCARDIA);
  }
}
