package org.ecgstream.simulators.replay;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.core.wfdb.SignalSpec;
import org.ecgstream.core.wfdb.WfdbRecord;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.Lead;

/**
 * Turns a recorded WFDB record into the frames a bedside device would have sent: its ECG signals
 * as standard leads, the record's own ADC values and gain, invalid samples as
 * {@link Int16Samples#INVALID}, about {@code frameMillis} per frame, device time from the sample
 * index. Signals that are not ECG leads (PLETH, ABP) are left out.
 *
 * <p>Looping ({@link #looping}) starts the record again after its last sample: sequence numbers,
 * device clock and running sample count go on, so a consumer sees one long recording (the last
 * frame of each pass may be shorter). {@link #tick} also gives each frame's ground truth from a
 * {@link RecordTruth}.
 */
public final class RecordReplayer {

  /** Signal names in recordings that mean a standard lead ("MLII" is modified lead II). */
  private static final Map<String, Lead> ALIASES = Map.of("MLII", Lead.II, "ML2", Lead.II);

  private final WfdbRecord record;
  private final String deviceId;
  private final long startMillis;
  private final int samplesPerFrame;
  private final List<Integer> signals = new ArrayList<>();
  private final List<Lead> leads = new ArrayList<>();
  private final boolean sharedScale;
  private final double gain;
  private final int baseline;
  private final int framesPerPass;
  private boolean loop;
  private RecordTruth truth = RecordTruth.NONE;
  private String patientId;
  private long seq;

  /** A replayed frame and what the record's annotations or label say about it. */
  public record Tick(EcgFrame frame, org.ecgstream.schemas.EcgTruth truth) {}

  /**
   * @param leadNames extra names for signals that are not standard lead names, for example
   *     {@code Map.of("ECG", Lead.II)} for a single-lead rhythm recording
   */
  public RecordReplayer(WfdbRecord record, String deviceId, long startMillis, int frameMillis, Map<String, Lead> leadNames) {
    this.record = record;
    this.deviceId = deviceId;
    this.startMillis = startMillis;
    this.samplesPerFrame = Math.max(1, (int) Math.round(record.samplingFrequencyHz() * frameMillis / 1000.0));
    this.framesPerPass = (record.length() + samplesPerFrame - 1) / samplesPerFrame;
    for (int s = 0; s < record.signalCount(); s++) {
      Lead lead = leadOf(record.signalName(s), leadNames);
      if (lead != null && !leads.contains(lead)) {
        signals.add(s);
        leads.add(lead);
      }
    }
    // One frame carries one gain: leads recorded at different gains are re-quantised to the finest.
    SignalSpec first = signals.isEmpty() ? null : record.header().signals().get(signals.get(0));
    this.sharedScale = first != null && signals.stream().map(s -> record.header().signals().get(s))
        .allMatch(spec -> spec.gain() == first.gain() && spec.baseline() == first.baseline());
    this.gain = signals.stream().mapToDouble(s -> record.header().signals().get(s).gain()).max().orElse(SignalSpec.DEFAULT_GAIN);
    this.baseline = sharedScale ? first.baseline() : 0;
    if (signals.isEmpty()) {
      throw new IllegalArgumentException("record " + record.header().recordName() + " has no ECG lead this replayer recognises"
          + " (signals: " + names() + "); name one with a lead mapping, e.g. ECG=II");
    }
  }

  /** The leads replayed, in frame order. */
  public List<Lead> leads() {
    return List.copyOf(leads);
  }

  /** Replays the record over and over, the clock running on (see the class comment). */
  public RecordReplayer looping() {
    this.loop = true;
    return this;
  }

  /** Ground truth for {@link #tick}, published for {@code patientId}. */
  public RecordReplayer withTruth(RecordTruth truth, String patientId) {
    this.truth = java.util.Objects.requireNonNull(truth, "truth");
    this.patientId = patientId;
    return this;
  }

  /** True when the record has annotations or a label to publish as ground truth. */
  public boolean hasTruth() {
    return truth.known();
  }

  /** Samples per pass through the record. */
  public int recordLength() {
    return record.length();
  }

  public boolean hasNext() {
    return loop ? framesPerPass > 0 : seq < framesPerPass;
  }

  /** The next frame; the last one of a pass may be shorter. */
  public EcgFrame next() {
    return tick().frame();
  }

  /** The next frame with its ground truth (empty when the record has no annotations or label). */
  public Tick tick() {
    long pass = seq / framesPerPass;
    int from = (int) (seq % framesPerPass) * samplesPerFrame;
    int to = Math.min(record.length(), from + samplesPerFrame);
    long passStartSample = pass * record.length();
    List<ByteBuffer> samples = new ArrayList<>(signals.size());
    for (int s : signals) {
      SignalSpec spec = record.header().signals().get(s);
      int[] adc = record.adc(s);
      int invalid = spec.invalidSampleMarker();
      short[] out = new short[to - from];
      for (int i = from; i < to; i++) {
        int v = adc[i];
        long value = sharedScale ? v : Math.round((v - spec.baseline()) / spec.gain() * gain);
        out[i - from] = v == invalid ? Int16Samples.INVALID : (short) Math.max(Short.MIN_VALUE + 1, Math.min(Short.MAX_VALUE, value));
      }
      samples.add(Int16Samples.pack(out));
    }
    EcgFrame frame = EcgFrame.newBuilder()
        .setDeviceId(deviceId)
        .setSeq(seq)
        .setDeviceTimeMillis(RecordTruth.millis(startMillis, passStartSample + from, record.samplingFrequencyHz()))
        .setSampleRateHz((int) Math.round(record.samplingFrequencyHz()))
        .setGainPerMv((float) gain)
        .setBaselineAdc(baseline)
        .setLeads(leads)
        .setSamples(samples)
        .build();
    org.ecgstream.schemas.EcgTruth frameTruth =
        truth.truthFor(deviceId, patientId, seq, passStartSample, from, to, record.samplingFrequencyHz(), startMillis);
    seq++;
    return new Tick(frame, frameTruth);
  }

  /** Every frame of the record (one pass; do not call on a looping replayer). */
  public List<EcgFrame> all() {
    if (loop) {
      throw new IllegalStateException("a looping replayer has no end");
    }
    List<EcgFrame> frames = new ArrayList<>();
    while (hasNext()) {
      frames.add(next());
    }
    return frames;
  }

  private static Lead leadOf(String name, Map<String, Lead> extra) {
    String key = name.trim();
    if (extra.containsKey(key)) {
      return extra.get(key);
    }
    if (ALIASES.containsKey(key.toUpperCase(java.util.Locale.ROOT))) {
      return ALIASES.get(key.toUpperCase(java.util.Locale.ROOT));
    }
    try {
      return StandardLeads.parse(key);
    } catch (IllegalArgumentException notALead) {
      return null;
    }
  }

  private String names() {
    List<String> names = new ArrayList<>();
    for (int s = 0; s < record.signalCount(); s++) {
      names.add(record.signalName(s));
    }
    return String.join(", ", names);
  }
}
