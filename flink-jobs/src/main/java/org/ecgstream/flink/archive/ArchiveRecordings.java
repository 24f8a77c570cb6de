package org.ecgstream.flink.archive;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.schemas.ArchivedRecording;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.FrameQuality;
import org.ecgstream.schemas.serde.AvroSafety;

/**
 * Per patient, cuts the frames into recordings for the archive: consecutive frames with the same
 * leads, rate and scale are gathered until the recording holds the configured length of device
 * time (whole frames, so at most that length); a gap, a change of leads, rate or scale, or a frame
 * that no longer fits closes it early. A recording also closes when the event-time watermark passes
 * its end by the close delay without a frame carrying it on (the patient stopped, or the input
 * ended). The device's int16 samples are kept as they came; a lead the device or ingest flags as
 * off or flat is stored as invalid ({@link Int16Samples#INVALID}), as the analytics read it.
 *
 * <p>Each recording leaves as an {@link ArchivedRecording} with id {@code patientId:startMillis} and
 * no report: reports are archived beside the recordings as they arrive and joined when the archive
 * is read, so no signal waits in state for a report that may come hours later (see README).
 *
 * <p>Frames are taken in arrival order, which ingest makes device order per patient; a frame that
 * starts inside what is already recorded (a repeat, or one overtaken by a later frame) is not
 * archived twice and is counted in {@code archiveFramesOverlapping}.
 */
public class ArchiveRecordings extends KeyedProcessFunction<String, EcgFrame, ArchivedRecording> {

  private final long recordingMillis;
  private final long closeDelayMillis;
  private transient ValueState<OpenRecording> open;
  private transient ListState<byte[]> frameSamples;
  /** Device time up to which the patient's signal is archived (rounded ms): nothing before it is archived again. */
  private transient ValueState<Long> archivedUntil;
  private transient Counter recordingsClosed;
  private transient Counter framesOverlapping;

  /**
   * @param recordingMillis device time a recording holds at most
   * @param closeDelayMillis how far the watermark passes a recording's end before it is closed
   *     without a next frame (the job's out-of-orderness: a frame within it may still arrive)
   */
  public ArchiveRecordings(long recordingMillis, long closeDelayMillis) {
    if (recordingMillis <= 0 || closeDelayMillis < 0) {
      throw new IllegalArgumentException("recording length must be positive and close delay not negative, got "
          + recordingMillis + " ms and " + closeDelayMillis + " ms");
    }
    this.recordingMillis = recordingMillis;
    this.closeDelayMillis = closeDelayMillis;
  }

  @Override
  public void open(OpenContext openContext) {
    AvroSafety.install();
    open = getRuntimeContext().getState(new ValueStateDescriptor<>("archive-open-recording", OpenRecording.class));
    frameSamples = getRuntimeContext().getListState(
        new ListStateDescriptor<>("archive-frame-samples", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    archivedUntil = getRuntimeContext().getState(new ValueStateDescriptor<>("archive-archived-until", Long.class));
    recordingsClosed = getRuntimeContext().getMetricGroup().counter("archiveRecordings");
    framesOverlapping = getRuntimeContext().getMetricGroup().counter("archiveFramesOverlapping");
  }

  @Override
  public void processElement(EcgFrame frame, Context ctx, Collector<ArchivedRecording> out) throws Exception {
    int count = frame.getSamples().isEmpty() ? 0 : Int16Samples.count(frame.getSamples().get(0));
    if (count == 0) {
      return;
    }
    OpenRecording recording = open.value();
    long recordedUntil = recording != null ? Math.round(recording.endMillis()) : archivedUntil.value() == null
        ? Long.MIN_VALUE : archivedUntil.value();
    double toleranceMillis = Math.max(1.0, 1000.0 / frame.getSampleRateHz());
    if (recordedUntil != Long.MIN_VALUE && frame.getDeviceTimeMillis() < recordedUntil - toleranceMillis) {
      framesOverlapping.inc();
      return;
    }
    double frameMillis = count * 1000.0 / frame.getSampleRateHz();
    if (recording != null && (!recording.continuesWith(frame)
        || recording.durationMillis() + frameMillis > recordingMillis + 0.5)) {
      close(recording, ctx, out);
      recording = null;
    }
    if (recording == null) {
      recording = OpenRecording.startingWith(frame);
    }
    frameSamples.add(samplesOf(frame, count));
    recording.samples += count;
    if (recording.durationMillis() + 0.5 >= recordingMillis) {
      close(recording, ctx, out);
      return;
    }
    if (recording.closeTimerMillis != 0) {
      ctx.timerService().deleteEventTimeTimer(recording.closeTimerMillis);
    }
    recording.closeTimerMillis = (long) Math.ceil(recording.endMillis()) + closeDelayMillis;
    ctx.timerService().registerEventTimeTimer(recording.closeTimerMillis);
    open.update(recording);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<ArchivedRecording> out) throws Exception {
    OpenRecording recording = open.value();
    if (recording != null && recording.closeTimerMillis == timestamp) {
      close(recording, ctx, out);
    }
  }

  private void close(OpenRecording recording, Context ctx, Collector<ArchivedRecording> out) throws Exception {
    if (recording.closeTimerMillis != 0) {
      // No-op when it is the timer firing now.
      ctx.timerService().deleteEventTimeTimer(recording.closeTimerMillis);
    }
    out.collect(toArchived(recording, frameSamples.get()));
    recordingsClosed.inc();
    archivedUntil.update(Math.round(recording.endMillis()));
    open.clear();
    frameSamples.clear();
  }

  /** The frame's samples, lead after lead, with flagged leads invalid. */
  static byte[] samplesOf(EcgFrame frame, int count) {
    int leads = frame.getSamples().size();
    ByteBuffer all = ByteBuffer.allocate(leads * count * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int l = 0; l < leads; l++) {
      ByteBuffer lead = frame.getSamples().get(l);
      if (Int16Samples.count(lead) != count) {
        throw new IllegalArgumentException("frame of patient " + frame.getPatientId() + " at " + frame.getDeviceTimeMillis()
            + ": lead " + l + " has " + Int16Samples.count(lead) + " samples, lead 0 " + count
            + " (ingest should have rejected it)");
      }
      int at = l * count * 2;
      if (flagged(frame, l)) {
        for (int i = 0; i < count; i++) {
          all.putShort(at + 2 * i, Int16Samples.INVALID);
        }
      } else {
        all.put(at, lead, lead.position(), count * 2);
      }
    }
    return all.array();
  }

  private static boolean flagged(EcgFrame frame, int lead) {
    FrameQuality quality = frame.getQuality();
    return flagged(frame.getLeadOff(), lead)
        || quality != null && (flagged(quality.getLeadOff(), lead) || flagged(quality.getFlatLine(), lead));
  }

  private static boolean flagged(List<Boolean> flags, int lead) {
    return flags != null && lead < flags.size() && Boolean.TRUE.equals(flags.get(lead));
  }

  /** Joins the frames' samples lead by lead into one archived recording. */
  static ArchivedRecording toArchived(OpenRecording recording, Iterable<byte[]> frames) {
    int leads = recording.leads.length;
    int total = Math.toIntExact(recording.samples);
    List<ByteBuffer> perLead = new ArrayList<>(leads);
    for (int l = 0; l < leads; l++) {
      perLead.add(ByteBuffer.allocate(total * 2));
    }
    for (byte[] frame : frames) {
      int bytesPerLead = frame.length / leads;
      for (int l = 0; l < leads; l++) {
        perLead.get(l).put(frame, l * bytesPerLead, bytesPerLead);
      }
    }
    perLead.forEach(ByteBuffer::flip);
    return ArchivedRecording.newBuilder()
        .setRecordId(recordId(recording.patientId, recording.startMillis))
        .setPatientId(recording.patientId)
        .setBedId(recording.bedId)
        .setStartMillis(recording.startMillis)
        .setSampleRateHz(recording.sampleRateHz)
        .setGainPerMv(recording.gainPerMv)
        .setBaselineAdc(recording.baselineAdc)
        .setLeads(Arrays.asList(recording.leads))
        .setSamples(perLead)
        .setReport(null)
        .setModelVersion(null)
        .build();
  }

  /** The archive id of a patient's recording starting at {@code startMillis}. */
  public static String recordId(String patientId, long startMillis) {
    return patientId + ":" + startMillis;
  }
}
