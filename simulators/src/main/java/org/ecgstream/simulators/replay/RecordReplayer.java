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
  private long seq;

  /**
   * @param leadNames extra names for signals that are not standard lead names, for example
   *     {@code Map.of("ECG", Lead.II)} for a single-lead rhythm recording
   */
  public RecordReplayer(WfdbRecord record, String deviceId, long startMillis, int frameMillis, Map<String, Lead> leadNames) {
    this.record = record;
    this.deviceId = deviceId;
    this.startMillis = startMillis;
    this.samplesPerFrame = Math.max(1, (int) Math.round(record.samplingFrequencyHz() * frameMillis / 1000.0));
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

  public boolean hasNext() {
    return seq * samplesPerFrame < record.length();
  }

  /** The next frame; the last one may be shorter. */
  public EcgFrame next() {
    int from = (int) (seq * samplesPerFrame);
    int to = Math.min(record.length(), from + samplesPerFrame);
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
        .setDeviceTimeMillis(startMillis + Math.round(from * 1000.0 / record.samplingFrequencyHz()))
        .setSampleRateHz((int) Math.round(record.samplingFrequencyHz()))
        .setGainPerMv((float) gain)
        .setBaselineAdc(baseline)
        .setLeads(leads)
        .setSamples(samples)
        .build();
    seq++;
    return frame;
  }

  /** Every frame of the record. */
  public List<EcgFrame> all() {
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
