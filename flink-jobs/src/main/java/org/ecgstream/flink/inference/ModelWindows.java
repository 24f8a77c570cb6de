package org.ecgstream.flink.inference;

import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.ecgstream.core.preprocess.EcgWindow;
import org.ecgstream.core.preprocess.WindowPreprocessor;
import org.ecgstream.flink.io.FrameSignal;
import org.ecgstream.flink.rhythm.JudgedFrame;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.Lead;
import org.ecgstream.schemas.serde.AvroSafety;

/**
 * Per patient, the model's input windows on event time: the frames' leads are kept as their ADC
 * values at their own rate ({@link RecentSignal}, keyed state holding one window length), and every
 * stride a window ending at that multiple of the stride is preprocessed with {@code core}'s
 * {@link WindowPreprocessor}, the same code the trainer used. Windows are driven by the patient's
 * own device time, not the watermark, so a slow partition never holds back another patient's labels.
 *
 * <p>Samples a device flags lead-off, or ingest flags as lead-off or flat, are invalid (NaN); a gap
 * shorter than a window is filled with invalid samples, a longer one or a change of leads, rate,
 * gain or baseline restarts the history. A window in which no lead is usable is skipped and counted
 * in the {@code windowsSkipped} metric: it would only tell the model about electrodes.
 *
 * <p>Frames come as the rhythm analysis judged them ({@link JudgedFrame}, issue #6): a window that
 * overlaps a NOISE period of its patient (every usable lead too noisy to analyse) is skipped too,
 * counted in {@code windowsSkipped} and, by reason, in {@code windowsSkippedNoisy} and
 * {@code windowsSkippedNoUsableLead}. The NOISE period is the technical alarm's, which starts 5 to
 * 10 s after the noise does: a window that ends before that still goes on. Reading the judged frames
 * from the rhythm analysis (rather than both reading the frames) means the noise of every sample
 * of a window is known when it is cut, whatever either operator's lag; it costs one more network
 * hop for the frames. Without a rhythm analysis upstream the job wraps frames as
 * {@link JudgedFrame#unjudged} and nothing is skipped for noise.
 */
public class ModelWindows extends KeyedProcessFunction<String, JudgedFrame, ModelWindow> {

  private final WindowSpec spec;
  private transient ValueState<RecentSignal> history;
  private transient ValueState<NoisePeriods> noise;
  private transient WindowPreprocessor preprocessor;
  private transient Counter skipped;
  private transient Counter skippedNoisy;
  private transient Counter skippedNoUsableLead;
  private transient Counter emitted;

  public ModelWindows(WindowSpec spec) {
    this.spec = spec;
  }

  @Override
  public void open(OpenContext openContext) {
    AvroSafety.install();
    history = getRuntimeContext().getState(new ValueStateDescriptor<>("model-window-signal", RecentSignal.class));
    noise = getRuntimeContext().getState(new ValueStateDescriptor<>("model-window-noise", NoisePeriods.class));
    preprocessor = new WindowPreprocessor(spec.inputSpec());
    skipped = getRuntimeContext().getMetricGroup().counter("windowsSkipped");
    skippedNoisy = getRuntimeContext().getMetricGroup().counter("windowsSkippedNoisy");
    skippedNoUsableLead = getRuntimeContext().getMetricGroup().counter("windowsSkippedNoUsableLead");
    emitted = getRuntimeContext().getMetricGroup().counter("windowsEmitted");
  }

  @Override
  public void processElement(JudgedFrame judged, Context ctx, Collector<ModelWindow> out) throws Exception {
    EcgFrame frame = judged.frame;
    Lead[] leads = frame.getLeads().toArray(new Lead[0]);
    int rate = frame.getSampleRateHz();
    long start = frame.getDeviceTimeMillis();
    short[][] adc = FrameSignal.adc(frame);
    float gain = frame.getGainPerMv();
    int baseline = frame.getBaselineAdc();
    RecentSignal signal = history.value();
    long missing = signal == null ? -1 : signal.missingSamplesBefore(start, rate, leads, gain, baseline);
    if (signal == null || missing < 0 || missing >= signal.capacity) {
      signal = RecentSignal.starting(start, rate, leads, gain, baseline, spec.windowMillis(), spec.strideMillis());
    }
    NoisePeriods periods = noise.value();
    if (periods == null) {
      periods = new NoisePeriods();
    }
    long endMillis = start + Math.round((adc.length == 0 ? 0 : adc[0].length) * 1000.0 / rate);
    if (judged.noisy) {
      periods.noisy(start, endMillis);
    }
    periods.forgetBefore(endMillis);
    NoisePeriods known = periods;
    String patient = frame.getPatientId();
    String bed = frame.getBedId();
    RecentSignal.WindowConsumer consumer = (end, samples, rateHz) -> emit(patient, bed, end, samples, rateHz, known, out);
    if (missing > 0 && missing < signal.capacity) {
      signal.append(new short[leads.length][], (int) missing, consumer);
    }
    signal.append(adc, adc.length == 0 ? 0 : adc[0].length, consumer);
    history.update(signal);
    noise.update(periods);
  }

  /** Windows skipped so far by this instance for noise, and for want of a usable lead (what the metrics report). */
  long[] windowsSkippedNoisyAndNoUsableLead() {
    return new long[] {skippedNoisy.getCount(), skippedNoUsableLead.getCount()};
  }

  private void emit(String patient, String bed, long endMillis, Map<Lead, float[]> samples, int rateHz,
      NoisePeriods noisy, Collector<ModelWindow> out) {
    if (noisy.overlaps(endMillis - spec.windowMillis(), endMillis)) {
      // Checked first: no preprocessing for a window that will not be labelled.
      skipped.inc();
      skippedNoisy.inc();
      return;
    }
    EcgWindow window = preprocessor.prepare(samples, rateHz);
    if (window.presentLeadCount() == 0) {
      skipped.inc();
      skippedNoUsableLead.inc();
      return;
    }
    emitted.inc();
    out.collect(new ModelWindow(patient, bed, endMillis - spec.windowMillis(), endMillis, window.leadCount(),
        window.length(), window.flatten(), window.presenceAsFloats()));
  }
}
