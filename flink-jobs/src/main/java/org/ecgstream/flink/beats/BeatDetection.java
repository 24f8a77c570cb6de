package org.ecgstream.flink.beats;

import java.nio.ByteBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.ecgstream.core.qrs.PanTompkinsDetector;
import org.ecgstream.core.qrs.QrsDetector;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.schemas.serde.AvroSafety;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.Lead;

/**
 * Finds R peaks in each patient's rhythm lead (II when present, else the first lead) with the
 * streaming Pan-Tompkins detector kept in keyed state, and emits one {@link Beat} per peak with its event time.
 *
 * <p>A gap or a jump back in device time restarts the detector, so beats are never placed across
 * missing signal.
 */
public class BeatDetection extends KeyedProcessFunction<String, EcgFrame, Beat> {

  /** Where the detector is in time: the device time of the detector's sample 0, and the next frame's expected time. */
  public static class Timeline {
    public QrsDetector detector;
    public long originMillis;
    public long expectedNextMillis;
  }

  private transient ValueState<Timeline> timeline;

  @Override
  public void open(OpenContext openContext) {
    AvroSafety.install();
    timeline = getRuntimeContext().getState(new ValueStateDescriptor<>("beat-timeline", Timeline.class));
  }

  @Override
  public void processElement(EcgFrame frame, Context ctx, Collector<Beat> out) throws Exception {
    int leadIndex = rhythmLeadIndex(frame);
    ByteBuffer packed = frame.getSamples().get(leadIndex);
    float[] mv = Int16Samples.toMillivolts(packed, frame.getGainPerMv(), frame.getBaselineAdc());
    int rate = frame.getSampleRateHz();
    long start = frame.getDeviceTimeMillis();

    Timeline t = timeline.value();
    long toleranceMillis = Math.max(2, 2000 / rate);
    if (t == null || t.detector.sampleRateHz() != rate || Math.abs(start - t.expectedNextMillis) > toleranceMillis) {
      t = new Timeline();
      t.detector = new PanTompkinsDetector(rate);
      t.originMillis = start;
    }
    Timeline current = t;
    current.detector.accept(mv, index -> out.collect(
        new Beat(frame.getPatientId(), frame.getBedId(), current.originMillis + index * 1000L / rate)));
    current.expectedNextMillis = start + mv.length * 1000L / rate;
    timeline.update(current);
  }

  static int rhythmLeadIndex(EcgFrame frame) {
    int index = frame.getLeads().indexOf(StandardLeads.RHYTHM_LEAD);
    return index >= 0 ? index : 0;
  }

  /** For tests: the rhythm lead of a frame. */
  static Lead rhythmLead(EcgFrame frame) {
    return frame.getLeads().get(rhythmLeadIndex(frame));
  }
}
