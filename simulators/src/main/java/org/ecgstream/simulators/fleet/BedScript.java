package org.ecgstream.simulators.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.ecgstream.schemas.AlarmLimits;
import org.ecgstream.simulators.artifacts.ArtifactEpisode;
import org.ecgstream.simulators.synthetic.Conduction;
import org.ecgstream.simulators.synthetic.Ectopy;
import org.ecgstream.simulators.synthetic.Rhythm;
import org.ecgstream.simulators.twelvelead.CardiacState;
import org.ecgstream.simulators.twelvelead.CardiacTimeline;

/**
 * What one simulated bed does over time: a starting rhythm and rate, scripted changes of both (and of
 * ST, ectopy and conduction), sinus pauses, electrode (lead-off) episodes, artifacts, its sensor noise,
 * the generator that draws it, its device clock's drift and the patient's own alarm limits.
 *
 * @param deviceId the device that streams
 * @param patientId the patient the device is bound to by an admission
 * @param bedId the bed, as nurses name it
 * @param rateChanges time offsets from the start of the run and the heart's state from then on; the
 *     first one must be at offset 0
 * @param leadOffs intervals in which every electrode is off: the device flags every lead and sends
 *     a flat (or railed) signal
 * @param noiseMv standard deviation of the sensor noise in mV (the demo's profile: {@link #DEMO_NOISE_MV})
 * @param limits the admission's alarm limits (null: the job's defaults)
 * @param pauses sinus pauses: no P wave and no QRS in these intervals
 * @param artifacts scripted artifacts at the electrodes
 * @param model the generator that draws the heart
 * @param clockDriftPpm how fast the device clock runs against true time, parts per million (device
 *     time of a frame = start + true offset x (1 + ppm/1e6)); 0: exact
 */
public record BedScript(String deviceId, String patientId, String bedId, List<RateChange> rateChanges,
    List<LeadOff> leadOffs, double noiseMv, AlarmLimits limits, List<Pause> pauses, List<ArtifactEpisode> artifacts,
    SignalModel model, double clockDriftPpm) implements CardiacTimeline {

  /** Sensor noise of the demo's beds, in mV. */
  public static final double DEMO_NOISE_MV = 0.01;

  /** What a device sends while its electrodes are off. */
  public enum LeadOffSignal {
    /** A flat line at 0 (the device grounds the input). */
    FLAT,
    /** The amplifier saturates: every sample at the positive ADC rail. */
    RAILED
  }

  /** Every electrode off from {@code fromMillis} (inclusive) to {@code untilMillis} (exclusive) after the start. */
  public record LeadOff(long fromMillis, long untilMillis, LeadOffSignal signal) {
    public LeadOff {
      if (fromMillis < 0 || untilMillis <= fromMillis) {
        throw new IllegalArgumentException("lead-off interval must satisfy 0 <= from < until, got " + fromMillis + ".." + untilMillis);
      }
    }

    /** Flat signal. */
    public LeadOff(long fromMillis, long untilMillis) {
      this(fromMillis, untilMillis, LeadOffSignal.FLAT);
    }

    boolean covers(long offsetMillis) {
      return offsetMillis >= fromMillis && offsetMillis < untilMillis;
    }
  }

  /** A sinus pause (arrest): no P wave and no QRS from {@code fromMillis} to {@code untilMillis}. */
  public record Pause(long fromMillis, long untilMillis) {
    public Pause {
      if (fromMillis < 0 || untilMillis <= fromMillis) {
        throw new IllegalArgumentException("pause must satisfy 0 <= from < until, got " + fromMillis + ".." + untilMillis);
      }
    }
  }

  /** Rhythm and rate changes only, demo noise, default limits. */
  public BedScript(String deviceId, String patientId, String bedId, List<RateChange> rateChanges) {
    this(deviceId, patientId, bedId, rateChanges, List.of(), DEMO_NOISE_MV, null);
  }

  /** A beat-train bed without pauses, artifacts or clock drift. */
  public BedScript(String deviceId, String patientId, String bedId, List<RateChange> rateChanges,
      List<LeadOff> leadOffs, double noiseMv, AlarmLimits limits) {
    this(deviceId, patientId, bedId, rateChanges, leadOffs, noiseMv, limits, List.of(), List.of(), SignalModel.BEAT_TRAIN, 0);
  }

  /**
   * From {@code atMillis} after the start on, the rhythm is {@code rhythm} at {@code bpm}, with the
   * ST segment shifted by {@code stMv} in lead II (0: none; see BeatTrainGenerator#setStOffsetMv),
   * the ectopy, the conduction and the PR interval (0: the patient's own) given.
   */
  public record RateChange(long atMillis, double bpm, Rhythm rhythm, double stMv, Ectopy ectopy, double pvcPerMinute,
      Conduction conduction, double prMillis) {
    /** Sinus rhythm at {@code bpm}. */
    public RateChange(long atMillis, double bpm) {
      this(atMillis, bpm, Rhythm.SINUS, 0);
    }

    /** {@code rhythm} at {@code bpm}, no ST shift. */
    public RateChange(long atMillis, double bpm, Rhythm rhythm) {
      this(atMillis, bpm, rhythm, 0);
    }

    /** {@code rhythm} at {@code bpm} with an ST shift, no ectopy, normal conduction. */
    public RateChange(long atMillis, double bpm, Rhythm rhythm, double stMv) {
      this(atMillis, bpm, rhythm, stMv, Ectopy.NONE, 0, Conduction.NORMAL, 0);
    }

    /** The heart's state this change sets. */
    public CardiacState state() {
      return new CardiacState(rhythm, bpm, stMv, ectopy, pvcPerMinute, conduction, prMillis);
    }

    /** Whether only the twelve-lead generator can draw this (a rhythm, ectopy, conduction or PR the beat train lacks). */
    public boolean needsTwelveLead() {
      return !rhythm.drawnByBeatTrain() || ectopy != Ectopy.NONE || conduction != Conduction.NORMAL || prMillis != 0;
    }
  }

  public BedScript {
    if (rateChanges.isEmpty() || rateChanges.get(0).atMillis() != 0) {
      throw new IllegalArgumentException("bed " + bedId + ": the script must start with a rate at offset 0");
    }
    List<RateChange> sorted = new ArrayList<>(rateChanges);
    sorted.sort(Comparator.comparingLong(RateChange::atMillis));
    rateChanges = List.copyOf(sorted);
    leadOffs = List.copyOf(leadOffs);
    pauses = List.copyOf(pauses);
    artifacts = List.copyOf(artifacts);
    if (!(noiseMv >= 0 && noiseMv <= 5)) {
      throw new IllegalArgumentException("bed " + bedId + ": sensor noise must be 0..5 mV, got " + noiseMv);
    }
    if (!(Math.abs(clockDriftPpm) <= 10_000)) {
      throw new IllegalArgumentException("bed " + bedId + ": clockDriftPpm must be -10000..10000, got " + clockDriftPpm);
    }
    if (model == SignalModel.BEAT_TRAIN) {
      for (RateChange c : rateChanges) {
        if (c.needsTwelveLead()) {
          throw new IllegalArgumentException("bed " + bedId + ": " + c.rhythm() + " with ectopy " + c.ectopy() + ", conduction "
              + c.conduction() + ", PR " + c.prMillis() + " ms needs the twelve-lead generator (scenario key \"generator\": \"twelve-lead\")");
        }
      }
      if (!pauses.isEmpty()) {
        throw new IllegalArgumentException("bed " + bedId + ": pauses need the twelve-lead generator (scenario key \"generator\": \"twelve-lead\")");
      }
    }
  }

  /** Whether every electrode is off at {@code offsetMillis} after the start. */
  public boolean leadOffAt(long offsetMillis) {
    return leadOffs.stream().anyMatch(l -> l.covers(offsetMillis));
  }

  /** The lead-off episode at {@code offsetMillis}, or null when the electrodes are on. */
  public LeadOff leadOffEpisodeAt(long offsetMillis) {
    for (LeadOff l : leadOffs) {
      if (l.covers(offsetMillis)) {
        return l;
      }
    }
    return null;
  }

  /** A bed at one steady rate. */
  public static BedScript steady(String deviceId, String patientId, String bedId, double bpm) {
    return new BedScript(deviceId, patientId, bedId, List.of(new RateChange(0, bpm)));
  }

  /** The same bed drawn by {@code next}. */
  public BedScript withModel(SignalModel next) {
    return new BedScript(deviceId, patientId, bedId, rateChanges, leadOffs, noiseMv, limits, pauses, artifacts, next, clockDriftPpm);
  }

  /** The rate in force at {@code offsetMillis} after the start. */
  public double rateAt(long offsetMillis) {
    return changeAt(offsetMillis).bpm();
  }

  /** The ST shift (lead II, mV) in force at {@code offsetMillis} after the start. */
  public double stAt(long offsetMillis) {
    return changeAt(offsetMillis).stMv();
  }

  /** The rhythm in force at {@code offsetMillis} after the start. */
  public Rhythm rhythmAt(long offsetMillis) {
    return changeAt(offsetMillis).rhythm();
  }

  /** The change in force at {@code offsetMillis} after the start. */
  public RateChange changeAt(long offsetMillis) {
    RateChange current = rateChanges.get(0);
    for (RateChange change : rateChanges) {
      if (change.atMillis() <= offsetMillis) {
        current = change;
      } else {
        break;
      }
    }
    return current;
  }

  @Override
  public CardiacState stateAt(long offsetMillis) {
    return changeAt(offsetMillis).state();
  }

  @Override
  public long nextChangeAfter(long offsetMillis) {
    for (RateChange change : rateChanges) {
      if (change.atMillis() > offsetMillis) {
        return change.atMillis();
      }
    }
    return Long.MAX_VALUE;
  }

  @Override
  public long pauseEndAt(long offsetMillis) {
    for (Pause p : pauses) {
      if (offsetMillis >= p.fromMillis() && offsetMillis < p.untilMillis()) {
        return p.untilMillis();
      }
    }
    return offsetMillis;
  }
}
