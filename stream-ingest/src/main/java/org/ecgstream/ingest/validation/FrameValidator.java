package org.ecgstream.ingest.validation;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.ingest.IngestConfig;
import org.ecgstream.ingest.deadletter.RejectReason;
import org.ecgstream.ingest.frame.PackedLead;
import org.ecgstream.ingest.normalise.CanonicalScale;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.Lead;

/**
 * Checks one decoded frame against the rules a device frame must meet before anything downstream
 * may trust it: key, sequence number, leads, sample rate, gain, sample array lengths and frame
 * duration, device clock, sample range. Returns the first rule broken, or null. Never throws.
 */
public final class FrameValidator {

  private final Set<Integer> sampleRatesHz;
  /** The same rates unboxed: checked for every frame, where the set's lookup boxed the rate first. */
  private final int[] sampleRates;
  private final long minFrameMillis;
  private final long maxFrameMillis;
  private final float minGainPerMv;
  private final float maxGainPerMv;
  private final long maxFutureMillis;
  private final long maxPastMillis;

  public FrameValidator(IngestConfig config) {
    this.sampleRatesHz = config.sampleRatesHz();
    this.sampleRates = sampleRatesHz.stream().mapToInt(Integer::intValue).toArray();
    this.minFrameMillis = config.minFrameMillis();
    this.maxFrameMillis = config.maxFrameMillis();
    this.minGainPerMv = config.minGainPerMv();
    this.maxGainPerMv = config.maxGainPerMv();
    this.maxFutureMillis = config.maxFutureMillis();
    this.maxPastMillis = config.maxPastMillis();
  }

  /** The first rule {@code frame} (sent with record key {@code key}) breaks at wall time {@code nowMillis}, or null. */
  public Violation check(String key, EcgFrame frame, long nowMillis) {
    Violation v = identity(key, frame);
    if (v == null) {
      v = leads(frame);
    }
    if (v == null) {
      v = sampleRate(frame);
    }
    if (v == null) {
      v = gain(frame);
    }
    if (v == null) {
      v = lengths(frame);
    }
    if (v == null) {
      v = deviceTime(frame, nowMillis);
    }
    if (v == null) {
      v = sampleRange(frame);
    }
    return v;
  }

  private static Violation identity(String key, EcgFrame frame) {
    String device = frame.getDeviceId();
    if (device == null || device.isBlank()) {
      return new Violation(RejectReason.KEY_MISMATCH, "frame has an empty device id");
    }
    if (key != null && !key.equals(device)) {
      return new Violation(RejectReason.KEY_MISMATCH, "record key '" + key + "' is not the frame's device id '" + device
          + "' (devices must key their frames by device id so that one device's frames stay in order on one partition)");
    }
    if (frame.getSeq() < 0) {
      return new Violation(RejectReason.INVALID_SEQUENCE, "sequence number " + frame.getSeq() + " is negative");
    }
    return null;
  }

  private static Violation leads(EcgFrame frame) {
    List<Lead> leads = frame.getLeads();
    if (leads.isEmpty() || leads.size() > StandardLeads.TWELVE.size()) {
      return new Violation(RejectReason.INVALID_LEADS, leads.size() + " leads; a frame carries 1 to 12");
    }
    Set<Lead> seen = EnumSet.noneOf(Lead.class);
    for (Lead lead : leads) {
      if (lead == null || lead == Lead.UNKNOWN) {
        return new Violation(RejectReason.INVALID_LEADS, "lead name not one of the 12 standard leads: " + leads);
      }
      if (!seen.add(lead)) {
        return new Violation(RejectReason.INVALID_LEADS, "lead " + lead + " appears twice: " + leads);
      }
    }
    if (frame.getSamples().size() != leads.size()) {
      return new Violation(RejectReason.INVALID_LEADS,
          frame.getSamples().size() + " sample arrays for " + leads.size() + " leads " + leads);
    }
    int flags = frame.getLeadOff() == null ? 0 : frame.getLeadOff().size();
    if (flags != 0 && flags != leads.size()) {
      return new Violation(RejectReason.INVALID_LEADS, flags + " lead-off flags for " + leads.size() + " leads");
    }
    return null;
  }

  private Violation sampleRate(EcgFrame frame) {
    int rate = frame.getSampleRateHz();
    for (int supported : sampleRates) {
      if (rate == supported) {
        return null;
      }
    }
    return new Violation(RejectReason.UNSUPPORTED_SAMPLE_RATE, "sample rate " + rate + " Hz is not one of " + sampleRatesHz + " Hz");
  }

  private Violation gain(EcgFrame frame) {
    float gain = frame.getGainPerMv();
    if (!(gain >= minGainPerMv && gain <= maxGainPerMv)) {
      return new Violation(RejectReason.INVALID_GAIN,
          "gain " + gain + " ADC units per mV is outside " + minGainPerMv + ".." + maxGainPerMv);
    }
    int baseline = frame.getBaselineAdc();
    if (baseline < Short.MIN_VALUE || baseline > Short.MAX_VALUE) {
      return new Violation(RejectReason.INVALID_GAIN, "baseline " + baseline + " is outside the int16 ADC range");
    }
    return null;
  }

  private Violation lengths(EcgFrame frame) {
    int count = -1;
    for (int l = 0; l < frame.getSamples().size(); l++) {
      int bytes = frame.getSamples().get(l).remaining();
      if (bytes % 2 != 0) {
        return new Violation(RejectReason.INVALID_FRAME_LENGTH,
            "lead " + frame.getLeads().get(l) + " has " + bytes + " bytes, not a whole number of 16-bit samples");
      }
      if (count >= 0 && bytes / 2 != count) {
        return new Violation(RejectReason.INVALID_FRAME_LENGTH,
            "lead " + frame.getLeads().get(l) + " has " + bytes / 2 + " samples, lead " + frame.getLeads().get(0) + " " + count);
      }
      count = bytes / 2;
    }
    double durationMillis = count * 1000.0 / frame.getSampleRateHz();
    if (count <= 0 || durationMillis < minFrameMillis || durationMillis > maxFrameMillis) {
      return new Violation(RejectReason.INVALID_FRAME_LENGTH, count + " samples per lead at " + frame.getSampleRateHz()
          + " Hz make a " + durationMillis + " ms frame; accepted " + minFrameMillis + ".." + maxFrameMillis + " ms");
    }
    return null;
  }

  private Violation deviceTime(EcgFrame frame, long nowMillis) {
    long t = frame.getDeviceTimeMillis();
    if (t > nowMillis + maxFutureMillis) {
      return new Violation(RejectReason.DEVICE_TIME_OUT_OF_RANGE, "device time " + t + " is " + (t - nowMillis)
          + " ms ahead of the wall clock (at most " + maxFutureMillis + " ms accepted): the device clock is wrong");
    }
    if (t < nowMillis - maxPastMillis) {
      return new Violation(RejectReason.DEVICE_TIME_OUT_OF_RANGE, "device time " + t + " is " + (nowMillis - t)
          + " ms behind the wall clock (at most " + maxPastMillis + " ms accepted): the device clock is wrong or the frame is stale");
    }
    return null;
  }

  private static Violation sampleRange(EcgFrame frame) {
    float gain = frame.getGainPerMv();
    int baseline = frame.getBaselineAdc();
    // The largest ADC distance from the baseline that still fits the canonical scale. The distance
    // is a whole number, so "beyond maxAdcDistance" is "beyond its floor": the loop compares ints.
    double maxAdcDistance = CanonicalScale.MAX_ABS_MICROVOLTS / 1000.0 * gain;
    long within = (long) Math.floor(maxAdcDistance);
    int lowest = (int) Math.max(Integer.MIN_VALUE, baseline - within);
    int highest = (int) Math.min(Integer.MAX_VALUE, baseline + within);
    if (lowest <= Short.MIN_VALUE && highest >= Short.MAX_VALUE) {
      return null; // every int16 value fits (gain of about 1000 per mV or more)
    }
    for (int l = 0; l < frame.getSamples().size(); l++) {
      PackedLead adc = PackedLead.of(frame.getSamples().get(l));
      for (int i = 0, n = adc.count(); i < n; i++) {
        short a = adc.get(i);
        if ((a < lowest || a > highest) && a != Int16Samples.INVALID && !CanonicalScale.atRail(a)) {
          return new Violation(RejectReason.SAMPLE_OUT_OF_RANGE, String.format(
              "lead %s sample %d is %.1f mV, beyond the +/-%.3f mV an ECG frame can carry (and not at the ADC rail)",
              frame.getLeads().get(l), i, (a - baseline) / gain, CanonicalScale.MAX_ABS_MICROVOLTS / 1000.0));
        }
      }
    }
    return null;
  }
}
