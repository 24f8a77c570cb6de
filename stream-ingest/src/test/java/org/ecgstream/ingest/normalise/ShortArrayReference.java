package org.ecgstream.ingest.normalise;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.ingest.deadletter.RejectReason;
import org.ecgstream.ingest.frame.ReceivedFrame;
import org.ecgstream.ingest.validation.Violation;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.FrameQuality;

/**
 * The sample range check and the normaliser as they were before they read the frame's bytes in
 * place (through {@code short[]} copies, commit bcef8a5), kept verbatim as the reference the
 * current code must match byte for byte.
 */
final class ShortArrayReference {

  private ShortArrayReference() {}

  static Violation sampleRange(EcgFrame frame) {
    float gain = frame.getGainPerMv();
    int baseline = frame.getBaselineAdc();
    double maxAdcDistance = CanonicalScale.MAX_ABS_MICROVOLTS / 1000.0 * gain;
    for (int l = 0; l < frame.getSamples().size(); l++) {
      short[] adc = Int16Samples.unpack(frame.getSamples().get(l));
      for (int i = 0; i < adc.length; i++) {
        short a = adc[i];
        if (Math.abs(a - baseline) > maxAdcDistance && a != Int16Samples.INVALID && !CanonicalScale.atRail(a)) {
          return new Violation(RejectReason.SAMPLE_OUT_OF_RANGE, String.format(
              "lead %s sample %d is %.1f mV, beyond the +/-%.3f mV an ECG frame can carry (and not at the ADC rail)",
              frame.getLeads().get(l), i, (a - baseline) / gain, CanonicalScale.MAX_ABS_MICROVOLTS / 1000.0));
        }
      }
    }
    return null;
  }

  static EcgFrame normalise(EcgFrame bound, long gapBeforeMillis, long recordTimestampMillis, int flatLineMaxMicrovolts,
      long maxClockDriftMillis) {
    int leads = bound.getLeads().size();
    float scale = CanonicalScale.UNITS_PER_MV / bound.getGainPerMv();
    int baseline = bound.getBaselineAdc();
    List<ByteBuffer> samples = new ArrayList<>(leads);
    List<Boolean> leadOff = new ArrayList<>(leads);
    List<Boolean> saturated = new ArrayList<>(leads);
    List<Boolean> flat = new ArrayList<>(leads);
    List<Boolean> deviceLeadOff = bound.getLeadOff();
    for (int l = 0; l < leads; l++) {
      short[] adc = Int16Samples.unpack(bound.getSamples().get(l));
      short[] canonical = new short[adc.length];
      boolean railed = false;
      int measurable = 0;
      int min = Integer.MAX_VALUE;
      int max = Integer.MIN_VALUE;
      for (int i = 0; i < adc.length; i++) {
        int a = adc[i];
        float microvolts = (a - baseline) * scale;
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
    long drift = 0;
    if (recordTimestampMillis >= 0) {
      int samplesPerLead = samples.isEmpty() ? 0 : samples.get(0).remaining() / 2;
      long end = bound.getDeviceTimeMillis() + Math.round(samplesPerLead * 1000.0 / bound.getSampleRateHz());
      long d = end - recordTimestampMillis;
      drift = Math.abs(d) > maxClockDriftMillis ? d : 0;
    }
    FrameQuality quality = new FrameQuality(leadOff, saturated, flat, gapBeforeMillis, drift);
    return ReceivedFrame.with(bound, bound.getPatientId(), bound.getBedId(), CanonicalScale.UNITS_PER_MV, 0, samples, quality);
  }
}
