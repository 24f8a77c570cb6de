package org.ecgstream.flink.vitals;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.ecgstream.flink.rate.HeartRate;
import org.ecgstream.flink.rhythm.RhythmAnalysis;
import org.ecgstream.flink.rhythm.RhythmChange;
import org.ecgstream.schemas.PatientVitals;
import org.ecgstream.schemas.serde.AvroSafety;

/**
 * A patient's running heart rate for {@code ecg.vitals}: the rate the rhythm analysis keeps with
 * every frame ({@link RhythmAnalysis}, the one the limit alarms judge), published once every
 * {@code publishEveryMillis} of device time, on that grid (the first rate measured at or after each
 * multiple). Not valid, with the reason and the detector's words, while asystole, ventricular
 * fibrillation, lost signal or noise goes on or the last rate window held too few beats: a monitor
 * shows "--" then, not a rate counted from the beats before the asystole or from artefact.
 *
 * <p>Rates come with every frame, beats or not, so a patient without a QRS keeps getting not-valid
 * records, and a monitor that stopped sending (its frames gone, not a flat line) gets none: readers
 * mark its vitals stale. State: one timestamp per patient.
 */
public class RunningVitals extends KeyedProcessFunction<String, HeartRate, PatientVitals> {

  public static final String SOURCE = "dsp:heart-rate";
  public static final String ASYSTOLE = RhythmChange.ASYSTOLE;
  public static final String VENTRICULAR_FIBRILLATION = RhythmChange.VENTRICULAR_FIBRILLATION;
  public static final String SIGNAL_LOST = RhythmChange.SIGNAL_LOST;
  /** Every usable lead noisy: beats found in noise are no heart rate. */
  public static final String NOISE = RhythmChange.NOISE;
  public static final String TOO_FEW_BEATS = HeartRate.TOO_FEW_BEATS;

  private final long publishEveryMillis;
  private transient ValueState<Long> nextPublishMillis;

  /** @param publishEveryMillis device time between a patient's vitals records (the job's vitals interval) */
  public RunningVitals(long publishEveryMillis) {
    if (publishEveryMillis <= 0) {
      throw new IllegalArgumentException("vitals interval must be positive, got " + publishEveryMillis + " ms");
    }
    this.publishEveryMillis = publishEveryMillis;
  }

  @Override
  public void open(OpenContext openContext) {
    AvroSafety.install();
    nextPublishMillis = getRuntimeContext().getState(new ValueStateDescriptor<>("vitals-next-publish", Long.class));
  }

  @Override
  public void processElement(HeartRate rate, Context ctx, Collector<PatientVitals> out) throws Exception {
    Long next = nextPublishMillis.value();
    long at = rate.measuredAtMillis;
    // A jump back in device time (a monitor's clock reset) starts the grid again.
    if (next != null && at < next && at >= next - publishEveryMillis) {
      return;
    }
    nextPublishMillis.update((Math.floorDiv(at, publishEveryMillis) + 1) * publishEveryMillis);
    PatientVitals.Builder v = PatientVitals.newBuilder()
        .setPatientId(rate.patientId)
        .setBedId(rate.bedId)
        .setMeasuredAtMillis(at)
        .setSpanMillis(rate.spanMillis)
        .setBeats(rate.beats)
        .setSource(SOURCE);
    if (rate.valid()) {
      v.setHeartRateValid(true).setHeartRateBpm(Math.round(rate.bpm * 10) / 10.0);
    } else {
      v.setHeartRateValid(false).setInvalidReason(rate.invalidReason).setInvalidDetail(rate.invalidDetail);
    }
    out.collect(v.build());
  }
}
