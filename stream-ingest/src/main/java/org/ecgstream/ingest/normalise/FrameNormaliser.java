package org.ecgstream.ingest.normalise;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.ingest.frame.PackedLead;
import org.ecgstream.ingest.frame.RawRecord;
import org.ecgstream.ingest.frame.ReceivedFrame;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.FrameQuality;

/**
 * Turns a validated, patient-bound device frame into the canonical frame of ecg.frames: samples on
 * the {@link CanonicalScale} (1 unit = 1 microvolt, baseline 0), quality flags per lead, the gap
 * before it, the device clock's drift when beyond the bound; device id, device time, sequence
 * number, leads, rate and the device's own lead-off flags unchanged.
 *
 * <p>Quality per lead: <b>saturated</b> when any sample sits at the ADC rail; <b>leadOff</b> when
 * the device flags it, or no sample is measurable (all invalid or all at the rail); <b>flatLine</b>
 * when the peak-to-peak of the measurable samples is at most the configured microvolts. A flat line
 * is deliberately not folded into lead-off: asystole is flat too, and a lead-off technical alarm
 * must never mask it (DESIGN.md, alarm rules).
 */
public final class FrameNormaliser {

  private final int flatLineMaxMicrovolts;
  private final long maxClockDriftMillis;

  private final CanonicalLookup lookup;

  public FrameNormaliser(int flatLineMaxMicrovolts, long maxClockDriftMillis) {
    this(flatLineMaxMicrovolts, maxClockDriftMillis, new CanonicalLookup());
  }

  /** With the lookup's table policy given (tests: always or never a table). */
  FrameNormaliser(int flatLineMaxMicrovolts, long maxClockDriftMillis, CanonicalLookup lookup) {
    this.flatLineMaxMicrovolts = flatLineMaxMicrovolts;
    this.maxClockDriftMillis = maxClockDriftMillis;
    this.lookup = lookup;
  }

  /**
   * The canonical frame of {@code bound}, with the gap before it and the device clock's drift
   * against {@code recordTimestampMillis} (the raw record's Kafka timestamp, or
   * {@link RawRecord#NO_TIMESTAMP}).
   */
  public EcgFrame normalise(EcgFrame bound, long gapBeforeMillis, long recordTimestampMillis) {
    int leads = bound.getLeads().size();
    float scale = CanonicalScale.UNITS_PER_MV / bound.getGainPerMv();
    int baseline = bound.getBaselineAdc();
    ByteBuffer[] samples = new ByteBuffer[leads];
    Boolean[] leadOff = new Boolean[leads];
    Boolean[] saturated = new Boolean[leads];
    Boolean[] flat = new Boolean[leads];
    int samplesPerLead = 0;
    short[] table = lookup.tableFor(bound.getGainPerMv(), baseline);
    for (int l = 0; l < leads; l++) {
      PackedLead adc = PackedLead.of(bound.getSamples().get(l));
      byte[] canonical = new byte[2 * adc.count()];
      int quality = lead(adc, table, scale, baseline, canonical, 0);
      samples[l] = PackedLead.wrap(canonical);
      saturated[l] = (quality & SATURATED) != 0;
      leadOff[l] = deviceLeadOff(bound, l) || (quality & NOTHING_MEASURABLE) != 0;
      flat[l] = (quality & FLAT) != 0;
      if (l == 0) {
        samplesPerLead = adc.count();
      }
    }
    // The constructor, not the builder: the builder's build() showed as the top frame of the stream
    // threads' profile (defaults resolved per field), for four fields that are all set here.
    FrameQuality quality = new FrameQuality(Arrays.asList(leadOff), Arrays.asList(saturated), Arrays.asList(flat),
        gapBeforeMillis, clockDrift(bound, samplesPerLead, recordTimestampMillis));
    return ReceivedFrame.with(bound, bound.getPatientId(), bound.getBedId(), CanonicalScale.UNITS_PER_MV, 0,
        Arrays.asList(samples), quality);
  }

  /**
   * The canonical frame of {@code bound} as {@link #normalise} makes it, already encoded for
   * ecg.frames (Avro single-object, the bytes {@code EcgSerdes.frames()} would write for it): the
   * samples are normalised straight into the record's bytes. {@code encoder} is the caller's own.
   */
  public byte[] normaliseEncoded(EcgFrame bound, long gapBeforeMillis, long recordTimestampMillis, CanonicalFrameEncoder encoder) {
    int leads = bound.getLeads().size();
    float scale = CanonicalScale.UNITS_PER_MV / bound.getGainPerMv();
    int baseline = bound.getBaselineAdc();
    int samplesPerLead = 0;
    short[] table = lookup.tableFor(bound.getGainPerMv(), baseline);
    encoder.begin(bound, leads);
    for (int l = 0; l < leads; l++) {
      PackedLead adc = PackedLead.of(bound.getSamples().get(l));
      int at = encoder.sampleBytes(2 * adc.count());
      int quality = lead(adc, table, scale, baseline, encoder.buffer(), at);
      encoder.leadQuality(l, (quality & SATURATED) != 0, deviceLeadOff(bound, l) || (quality & NOTHING_MEASURABLE) != 0,
          (quality & FLAT) != 0);
      if (l == 0) {
        samplesPerLead = adc.count();
      }
    }
    return encoder.finish(bound, leads, gapBeforeMillis, clockDrift(bound, samplesPerLead, recordTimestampMillis));
  }

  private static final int SATURATED = 1;
  private static final int NOTHING_MEASURABLE = 2;
  private static final int FLAT = 4;

  /**
   * Writes lead {@code adc} on the canonical scale into {@code target} from {@code offset} (2 bytes
   * a sample) and returns its quality: {@link #SATURATED}, {@link #NOTHING_MEASURABLE}, {@link #FLAT}.
   * Straight from the decoded frame's bytes into the canonical lead's bytes: copies to and from
   * short[] were half of the normaliser's cost and most of what it allocated.
   */
  private int lead(PackedLead adc, short[] table, float scale, int baseline, byte[] target, int offset) {
    int n = adc.count();
    int minAdc = Integer.MAX_VALUE;
    int maxAdc = Integer.MIN_VALUE;
    if (table != null) {
      for (int i = 0; i < n; i++) {
        int a = adc.get(i);
        PackedLead.put(target, offset, i, table[a & 0xffff]);
        minAdc = Math.min(minAdc, a);
        maxAdc = Math.max(maxAdc, a);
      }
    } else {
      for (int i = 0; i < n; i++) {
        int a = adc.get(i);
        PackedLead.put(target, offset, i, CanonicalLookup.canonical(a, scale, baseline));
        minAdc = Math.min(minAdc, a);
        maxAdc = Math.max(maxAdc, a);
      }
    }
    boolean railed = false;
    int measurable = n;
    int min;
    int max;
    if (minAdc > Short.MIN_VALUE + 1 && maxAdc < Short.MAX_VALUE) {
      // Nothing invalid or at a rail (the three extreme int16 values), the usual case. The
      // canonical value never decreases as the ADC value grows (positive scale; rounding and
      // clamping keep order), so the lead's extremes are the canonical values of its ADC extremes.
      min = CanonicalLookup.canonical(minAdc, scale, baseline);
      max = CanonicalLookup.canonical(maxAdc, scale, baseline);
    } else {
      measurable = 0;
      min = Integer.MAX_VALUE;
      max = Integer.MIN_VALUE;
      for (int i = 0; i < n; i++) {
        int a = adc.get(i);
        boolean invalid = a == Int16Samples.INVALID;
        boolean rail = a == Short.MAX_VALUE || a == Short.MIN_VALUE + 1;
        railed |= rail;
        if (!(invalid | rail)) {
          int c = CanonicalLookup.canonical(a, scale, baseline);
          measurable++;
          min = Math.min(min, c);
          max = Math.max(max, c);
        }
      }
    }
    return (railed ? SATURATED : 0) | (measurable == 0 ? NOTHING_MEASURABLE : 0)
        | (measurable > 0 && max - min <= flatLineMaxMicrovolts ? FLAT : 0);
  }

  private static boolean deviceLeadOff(EcgFrame frame, int lead) {
    List<Boolean> flags = frame.getLeadOff();
    return flags != null && lead < flags.size() && Boolean.TRUE.equals(flags.get(lead));
  }

  /**
   * Device time at the frame's end minus the record's timestamp, when beyond the bound; else 0.
   * A flag rather than a dead letter: the samples are valid and a patient's signal is not dropped
   * over a clock; what is suspect is their time, which alarms, windows and the binding to a patient
   * (by device time) rely on, so consumers are told. Clocks beyond any use are already refused
   * ({@code DEVICE_TIME_OUT_OF_RANGE}, against ingest's own clock).
   */
  private long clockDrift(EcgFrame frame, int samplesPerLead, long recordTimestampMillis) {
    if (recordTimestampMillis < 0) {
      return 0;
    }
    long end = frame.getDeviceTimeMillis() + Math.round(samplesPerLead * 1000.0 / frame.getSampleRateHz());
    long drift = end - recordTimestampMillis;
    return Math.abs(drift) > maxClockDriftMillis ? drift : 0;
  }
}
