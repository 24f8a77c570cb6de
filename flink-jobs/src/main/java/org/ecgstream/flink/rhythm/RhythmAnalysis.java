package org.ecgstream.flink.rhythm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ecgstream.core.quality.LeadQuality;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.ecgstream.core.rhythm.PatientRhythm;
import org.ecgstream.core.rhythm.RunningHeartRate;
import org.ecgstream.core.rhythm.RhythmListener;
import org.ecgstream.core.rhythm.RhythmSettings;
import org.ecgstream.flink.io.FrameSignal;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.core.st.StDeviationDetector;
import org.ecgstream.core.st.StLevelMonitor;
import org.ecgstream.flink.rate.HeartRate;
import org.ecgstream.flink.rate.RateValidity;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.Lead;
import org.ecgstream.schemas.serde.AvroSafety;

/**
 * Per-patient streaming rhythm analysis on every lead of the frames ({@code core}'s
 * {@link PatientRhythm}, kept in keyed state): emits the patient's running {@link HeartRate} at the
 * end of every frame (core's {@link RunningHeartRate} over the R peaks of the rhythm lead, II when
 * present, else the first, judged by the conditions going on: {@link RateValidity}) and, on a side
 * output, every start and end of asystole,
 * ventricular fibrillation and tachycardia, atrial fibrillation, ST deviation, lost signal and
 * noise, and every pause; on a second side output ({@link #JUDGED_FRAMES}) every frame once judged,
 * with whether the patient was NOISE during it ({@link JudgedFrame}), for the model windows to skip
 * noisy signal.
 *
 * <p>The rate is computed here, in order with the signal, rather than over event-time windows of
 * beats downstream: a window closes only when the watermark passes its end, and the watermark
 * trails the frames by the out-of-orderness, which put rate alarms 1-2 s behind the asystole and VF
 * alarms (issue #9). In order, a rate alarm can be raised from the frame that completes its evidence.
 *
 * <p>A gap, a jump back in device time, or a change of leads or rate restarts the analysis (and the
 * running rate with it), so nothing is judged across missing signal.
 */
public class RhythmAnalysis extends KeyedProcessFunction<String, EcgFrame, HeartRate> {

  /** Where rhythm changes go. */
  public static final OutputTag<RhythmChange> CHANGES = new OutputTag<>("rhythm-changes") {};

  /** Where each frame goes once judged, with its noise. */
  public static final OutputTag<JudgedFrame> JUDGED_FRAMES = new OutputTag<>("judged-frames") {};

  /** The analysis of one patient and where it is in time. */
  public static class Timeline {
    public PatientRhythm rhythm;
    public StLevelMonitor stLevels;
    public StDeviationDetector stDeviation;
    public List<Lead> leads;
    public int sampleRateHz;
    public long originMillis;
    public long expectedNextMillis;
    public RunningHeartRate heartRate;
    public RateValidity rateValidity;
  }

  private final RhythmSettings settings;
  private final long rateWindowMillis;
  private transient ValueState<Timeline> timeline;

  /** @param rateWindowMillis how far back the beats the running heart rate is measured over reach */
  public RhythmAnalysis(RhythmSettings settings, long rateWindowMillis) {
    this.settings = settings;
    // Checked when the job is built, not on the first frame.
    this.rateWindowMillis = RunningHeartRate.checkedWindow(rateWindowMillis);
  }

  @Override
  public void open(OpenContext openContext) {
    AvroSafety.install();
    timeline = getRuntimeContext().getState(new ValueStateDescriptor<>("rhythm-timeline", Timeline.class));
  }

  @Override
  public void processElement(EcgFrame frame, Context ctx, Collector<HeartRate> out) throws Exception {
    int rate = frame.getSampleRateHz();
    long start = frame.getDeviceTimeMillis();
    List<Lead> leads = frame.getLeads();
    Timeline t = timeline.value();
    long toleranceMillis = Math.max(2, 2000 / rate);
    if (t == null || t.sampleRateHz != rate || !t.leads.equals(leads) || Math.abs(start - t.expectedNextMillis) > toleranceMillis) {
      t = new Timeline();
      t.rhythm = new PatientRhythm(rate, leads.size(), rhythmLeadIndex(leads), settings);
      t.stLevels = new StLevelMonitor(rate, leads.size());
      t.stDeviation = StDeviationDetector.defaults(rate);
      t.leads = new ArrayList<>(leads);
      t.sampleRateHz = rate;
      t.originMillis = start;
      t.heartRate = new RunningHeartRate(rateWindowMillis);
      t.rateValidity = new RateValidity();
    }
    float[][] mv = FrameSignal.millivolts(frame);
    Timeline current = t;
    String patient = frame.getPatientId();
    String bed = frame.getBedId();
    boolean noisyBefore = current.rhythm.noisy();
    current.rhythm.accept(mv, new RhythmListener() {
      @Override
      public void beat(long sample) {
        current.heartRate.beat(timeOf(current, sample));
        current.stLevels.beat(sample);
      }

      @Override
      public void asystoleStarted(long sample, long lastBeat) {
        String since = lastBeat < 0 ? "no QRS since monitoring began" : String.format("no QRS for %.1f s",
            (sample - lastBeat) / (double) current.sampleRateHz);
        change(RhythmChange.ASYSTOLE, true, sample, since + " on any usable lead");
      }

      @Override
      public void asystoleEnded(long sample) {
        change(RhythmChange.ASYSTOLE, false, sample, "QRS detected again");
      }

      @Override
      public void fibrillationStarted(long sample, double leakage, double dominantHz) {
        change(RhythmChange.VENTRICULAR_FIBRILLATION, true, sample,
            String.format("VF-filter leakage %.2f, dominant %.1f Hz, no organised QRS", leakage, dominantHz));
      }

      @Override
      public void fibrillationEnded(long sample) {
        change(RhythmChange.VENTRICULAR_FIBRILLATION, false, sample, "organised rhythm or non-VF signal");
      }

      @Override
      public void ventricularTachycardiaStarted(long sample, int beats, double rateBpm) {
        change(RhythmChange.VENTRICULAR_TACHYCARDIA, true, sample,
            String.format(java.util.Locale.ROOT, "%d consecutive wide-complex beats at %.0f bpm", beats, rateBpm));
      }

      @Override
      public void ventricularTachycardiaEnded(long sample) {
        change(RhythmChange.VENTRICULAR_TACHYCARDIA, false, sample, "narrow beats or a rate at or below the VT limit");
      }

      @Override
      public void pause(long sample, long rrMillis) {
        String detail = String.format(java.util.Locale.ROOT, "no QRS for %.1f s, then a beat", rrMillis / 1000.0);
        change(RhythmChange.PAUSE, true, sample, detail);
        change(RhythmChange.PAUSE, false, sample, detail);
      }

      @Override
      public void atrialFibrillationStarted(long sample, double irregularity) {
        change(RhythmChange.ATRIAL_FIBRILLATION, true, sample,
            String.format("irregular RR: %.0f%% of successive RR differences above %.0f%% of median RR", 100 * irregularity,
                100 * org.ecgstream.core.rhythm.AtrialFibrillationDetector.LARGE_DIFFERENCE));
      }

      @Override
      public void atrialFibrillationEnded(long sample) {
        change(RhythmChange.ATRIAL_FIBRILLATION, false, sample, "RR regular again");
      }

      @Override
      public void signalLost(long sample, String why) {
        change(RhythmChange.SIGNAL_LOST, true, sample, why);
      }

      @Override
      public void signalRestored(long sample) {
        change(RhythmChange.SIGNAL_LOST, false, sample, "signal usable again");
      }

      @Override
      public void noiseStarted(long sample, List<LeadQuality> quality) {
        change(RhythmChange.NOISE, true, sample, describe(quality, current.leads));
      }

      @Override
      public void noiseEnded(long sample, List<LeadQuality> quality) {
        change(RhythmChange.NOISE, false, sample, describe(quality, current.leads));
      }

      private void change(String condition, boolean started, long sample, String detail) {
        RhythmChange change = new RhythmChange(patient, bed, condition, started, timeOf(current, sample), detail);
        if (current.rateValidity.apply(change)) {
          current.heartRate.restartAfter(change.eventTimeMillis);
        }
        ctx.output(CHANGES, change);
      }
    });
    ctx.output(JUDGED_FRAMES, new JudgedFrame(frame, noisyBefore || current.rhythm.noisy()));
    current.stLevels.accept(mv);
    long fed = current.stLevels.samples();
    StDeviationDetector.Change st = current.stDeviation.update(fed, current.stLevels);
    if (st != StDeviationDetector.Change.NONE) {
      boolean started = st == StDeviationDetector.Change.STARTED;
      String detail = started
          ? String.format(java.util.Locale.ROOT, "ST %s %.2f mV in %s for 60 s", current.stDeviation.worstLevelMv() > 0
              ? "elevation" : "depression", Math.abs(current.stDeviation.worstLevelMv()), leads.get(current.stDeviation.worstLead()))
          : "ST level back within limits on every lead for 30 s";
      ctx.output(CHANGES, new RhythmChange(patient, bed, RhythmChange.ST_DEVIATION, started, timeOf(current, fed), detail));
    }
    long end = start + Math.round(mv[0].length * 1000.0 / rate);
    current.expectedNextMillis = end;
    // Every frame, not only every beat: a beat leaving the window changes the rate too, and a
    // rate that stops coming must be seen to stop (bradycardia, asystole) as soon as it does.
    current.heartRate.advanceTo(end);
    out.collect(current.rateValidity.judge(new HeartRate(patient, bed, end,
        Math.min(rateWindowMillis, end - current.originMillis), current.heartRate.bpm(), current.heartRate.beats())));
    timeline.update(current);
  }

  private static long timeOf(Timeline t, long sample) {
    return t.originMillis + Math.round(sample * 1000.0 / t.sampleRateHz);
  }

  /**
   * Each lead's noise index for an alarm's evidence, e.g. "II noisy (bSQI 0.62, 0.5-1 Hz 31%); V1
   * lead off": bSQI is the share of beats two unlike QRS detectors agree on.
   */
  static String describe(List<LeadQuality> quality, List<Lead> leads) {
    StringBuilder out = new StringBuilder();
    for (LeadQuality q : quality) {
      out.append(out.length() == 0 ? "" : "; ").append(leads.get(q.lead()));
      if (!q.usable()) {
        out.append(" lead off");
      } else {
        out.append(String.format(Locale.ROOT, " %s (bSQI %.2f, 0.5-1 Hz %.0f%%)", q.noisy() ? "noisy" : "clean",
            q.beatAgreement(), 100 * q.baselineShare()));
      }
    }
    return out.toString();
  }

  /** The rhythm lead: II when the frame has it, else the first lead. */
  static int rhythmLeadIndex(List<Lead> leads) {
    int index = leads.indexOf(StandardLeads.RHYTHM_LEAD);
    return index >= 0 ? index : 0;
  }
}
