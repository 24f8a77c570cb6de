package org.ecgstream.ingest.normalise;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.ecgstream.core.signal.Int16Samples;
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

  public FrameNormaliser(int flatLineMaxMicrovolts, long maxClockDriftMillis) {
    this.flatLineMaxMicrovolts = flatLineMaxMicrovolts;
    this.maxClockDriftMillis = maxClockDriftMillis;
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
    List<ByteBuffer> samples = new ArrayList<>(leads);
    List<Boolean> leadOff = new ArrayList<>(leads);
    List<Boolean> saturated = new ArrayList<>(leads);
    List<Boolean> flat = new ArrayList<>(leads);
    List<Boolean> deviceLeadOff = bound.getLeadOff();
    for (int l = 0; l < leads; l++) {
      // Bulk copies to and from short[]: per-sample ByteBuffer access cost more than the arithmetic.
      short[] adc = Int16Samples.unpack(bound.getSamples().get(l));
      short[] canonical = new short[adc.length];
      boolean railed = false;
      int measurable = 0;
      int min = Integer.MAX_VALUE;
      int max = Integer.MIN_VALUE;
      // Without branches on the signal (its sign and size change sample by sample, and mispredicted
      // branches made this loop the costliest of ingest): selects the compiler turns into cmov.
      for (int i = 0; i < adc.length; i++) {
        int a = adc[i];
        float microvolts = (a - baseline) * scale;
        // Rounds half away from zero, like adding +/-0.5 by sign and truncating.
        int v = (int) (microvolts + Math.copySign(0.5f, microvolts));
        int c = Math.max(-CanonicalScale.MAX_ABS_MICROVOLTS, Math.min(CanonicalScale.MAX_ABS_MICROVOLTS, v));
        boolean invalid = a == Int16Samples.INVALID;
        boolean rail = a == Short.MAX_VALUE || a == Short.MIN_VALUE + 1;
        canonical[i] = invalid ? Int16Samples.INVALID : (short) c;
        railed |= rail;
        boolean counted = !(invalid | rail);
        measurable += counted ? 1 : 0;
        min = counted ? Math.min(min, c) : min;
        max = counted ? Math.max(max, c) : max;
      }
      boolean deviceFlag = deviceLeadOff != null && l < deviceLeadOff.size() && Boolean.TRUE.equals(deviceLeadOff.get(l));
      samples.add(Int16Samples.pack(canonical));
      saturated.add(railed);
      leadOff.add(deviceFlag || measurable == 0);
      flat.add(measurable > 0 && max - min <= flatLineMaxMicrovolts);
    }
    // The constructor, not the builder: the builder's build() showed as the top frame of the stream
    // threads' profile (defaults resolved per field), for four fields that are all set here.
    FrameQuality quality = new FrameQuality(leadOff, saturated, flat, gapBeforeMillis,
        clockDrift(bound, samples.isEmpty() ? 0 : samples.get(0).remaining() / 2, recordTimestampMillis));
    return ReceivedFrame.with(bound, bound.getPatientId(), bound.getBedId(), CanonicalScale.UNITS_PER_MV, 0, samples, quality);
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
