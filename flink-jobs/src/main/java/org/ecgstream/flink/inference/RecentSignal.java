package org.ecgstream.flink.inference;

import java.util.Arrays;
import org.ecgstream.core.signal.Int16Samples;
import java.util.EnumMap;
import java.util.Map;
import org.ecgstream.schemas.Lead;

/**
 * The last window length of one patient's signal, every lead as the frames' 16-bit ADC values at
 * the rate it was recorded ({@link Int16Samples#INVALID} for invalid samples), with the frames'
 * gain and baseline, in a ring buffer that is Flink keyed state (a POJO). Kept as ADC values, not
 * millivolts, because this state is checkpointed every second for every patient: half the bytes,
 * and windows read exactly the millivolts the frames say. Samples
 * are appended in device time; each time the signal passes a multiple of the stride in event time
 * and a whole window lies behind it, the window ending there is handed out.
 */
public class RecentSignal {

  /** Receives each complete window: its end in event time and its samples per lead. */
  public interface WindowConsumer {
    void window(long endMillis, Map<Lead, float[]> millivolts, int sampleRateHz) throws Exception;
  }

  public int sampleRateHz;
  public Lead[] leads;
  /** ADC units per millivolt and the ADC value of 0 mV, of every frame in this history. */
  public float gainPerMv;
  public int baselineAdc;
  /** Samples per lead kept: one window at {@link #sampleRateHz}. */
  public int capacity;
  /** {@code ring[lead * capacity + (k % capacity)]} is sample k. */
  public short[] ring;
  /** Device time of sample 0. */
  public long originMillis;
  /** Samples appended since sample 0. */
  public long count;
  /** The next window end (a multiple of the stride) not yet handed out. */
  public long nextEndMillis;
  public long strideMillis;

  public RecentSignal() {}

  /** An empty history starting at {@code originMillis} for these leads, rate, gain and baseline. */
  public static RecentSignal starting(long originMillis, int sampleRateHz, Lead[] leads, float gainPerMv,
      int baselineAdc, long windowMillis, long strideMillis) {
    RecentSignal s = new RecentSignal();
    s.sampleRateHz = sampleRateHz;
    s.leads = leads.clone();
    s.gainPerMv = gainPerMv;
    s.baselineAdc = baselineAdc;
    s.capacity = (int) Math.round(windowMillis * sampleRateHz / 1000.0);
    s.ring = new short[leads.length * s.capacity];
    s.originMillis = originMillis;
    s.strideMillis = strideMillis;
    s.nextEndMillis = Math.floorDiv(originMillis, strideMillis) * strideMillis + strideMillis;
    return s;
  }

  /** Device time just after the last sample appended: where the next frame should start. */
  public long expectedNextMillis() {
    return originMillis + Math.round(count * 1000.0 / sampleRateHz);
  }

  /** Whether a frame starting at {@code startMillis} with these leads, rate and scale carries on this signal. */
  public boolean continuesWith(long startMillis, int rateHz, Lead[] frameLeads, float frameGainPerMv,
      int frameBaselineAdc) {
    return sameSignal(rateHz, frameLeads, frameGainPerMv, frameBaselineAdc)
        && Math.abs(startMillis - expectedNextMillis()) <= toleranceMillis(rateHz);
  }

  /**
   * Samples missing before a frame starting at {@code startMillis}, or -1 when it does not follow
   * on (earlier, or other leads, rate, gain or baseline).
   */
  public long missingSamplesBefore(long startMillis, int rateHz, Lead[] frameLeads, float frameGainPerMv,
      int frameBaselineAdc) {
    if (!sameSignal(rateHz, frameLeads, frameGainPerMv, frameBaselineAdc)) {
      return -1;
    }
    long gapMillis = startMillis - expectedNextMillis();
    if (gapMillis < -toleranceMillis(rateHz)) {
      return -1;
    }
    return Math.max(0, Math.round(gapMillis * sampleRateHz / 1000.0));
  }

  private boolean sameSignal(int rateHz, Lead[] frameLeads, float frameGainPerMv, int frameBaselineAdc) {
    return rateHz == sampleRateHz && Arrays.equals(frameLeads, leads) && frameGainPerMv == gainPerMv
        && frameBaselineAdc == baselineAdc;
  }

  /** How far a frame's start may be from where the previous one ended: clock rounding, not signal. */
  public static long toleranceMillis(int rateHz) {
    return Math.max(2, 2000 / rateHz);
  }

  /**
   * Appends {@code n} samples of each lead ({@code adc[lead]}, null for invalid), handing every
   * window that becomes complete to {@code consumer} in millivolts.
   */
  public void append(short[][] adc, int n, WindowConsumer consumer) throws Exception {
    int i = 0;
    while (true) {
      long before = samplesBefore(nextEndMillis);
      if (before > count + (n - i)) {
        break;
      }
      int take = (int) (before - count);
      write(adc, i, take);
      i += take;
      if (count >= capacity) {
        consumer.window(nextEndMillis, lastWindow(), sampleRateHz);
      }
      nextEndMillis += strideMillis;
    }
    write(adc, i, n - i);
  }

  /** Number of samples whose device time lies before {@code timeMillis}. */
  long samplesBefore(long timeMillis) {
    long scaled = (timeMillis - originMillis) * sampleRateHz;
    return Math.max(0, Math.floorDiv(scaled + 999, 1000));
  }

  private void write(short[][] adc, int from, int n) {
    for (int k = 0; k < n; k++) {
      int slot = (int) ((count + k) % capacity);
      for (int l = 0; l < leads.length; l++) {
        ring[l * capacity + slot] = adc[l] == null ? Int16Samples.INVALID : adc[l][from + k];
      }
    }
    count += n;
  }

  private Map<Lead, float[]> lastWindow() {
    Map<Lead, float[]> out = new EnumMap<>(Lead.class);
    int start = (int) (count % capacity);
    for (int l = 0; l < leads.length; l++) {
      short[] lead = new short[capacity];
      int first = capacity - start;
      System.arraycopy(ring, l * capacity + start, lead, 0, first);
      System.arraycopy(ring, l * capacity, lead, first, start);
      out.put(leads[l], Int16Samples.toMillivolts(lead, gainPerMv, baselineAdc));
    }
    return out;
  }
}
