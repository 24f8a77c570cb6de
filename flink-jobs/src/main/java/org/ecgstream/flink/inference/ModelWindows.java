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
 */
public class ModelWindows extends KeyedProcessFunction<String, EcgFrame, ModelWindow> {

  private final WindowSpec spec;
  private transient ValueState<RecentSignal> history;
  private transient WindowPreprocessor preprocessor;
  private transient Counter skipped;
  private transient Counter emitted;

  public ModelWindows(WindowSpec spec) {
    this.spec = spec;
  }

  @Override
  public void open(OpenContext openContext) {
    AvroSafety.install();
    history = getRuntimeContext().getState(new ValueStateDescriptor<>("model-window-signal", RecentSignal.class));
    preprocessor = new WindowPreprocessor(spec.inputSpec());
    skipped = getRuntimeContext().getMetricGroup().counter("windowsSkipped");
    emitted = getRuntimeContext().getMetricGroup().counter("windowsEmitted");
  }

  @Override
  public void processElement(EcgFrame frame, Context ctx, Collector<ModelWindow> out) throws Exception {
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
    String patient = frame.getPatientId();
    String bed = frame.getBedId();
    RecentSignal.WindowConsumer consumer = (end, samples, rateHz) -> emit(patient, bed, end, samples, rateHz, out);
    if (missing > 0 && missing < signal.capacity) {
      signal.append(new short[leads.length][], (int) missing, consumer);
    }
    signal.append(adc, adc.length == 0 ? 0 : adc[0].length, consumer);
    history.update(signal);
  }

  private void emit(String patient, String bed, long endMillis, Map<Lead, float[]> samples, int rateHz,
      Collector<ModelWindow> out) {
    EcgWindow window = preprocessor.prepare(samples, rateHz);
    if (window.presentLeadCount() == 0) {
      skipped.inc();
      return;
    }
    emitted.inc();
    out.collect(new ModelWindow(patient, bed, endMillis - spec.windowMillis(), endMillis, window.leadCount(),
        window.length(), window.flatten(), window.presenceAsFloats()));
  }
}
