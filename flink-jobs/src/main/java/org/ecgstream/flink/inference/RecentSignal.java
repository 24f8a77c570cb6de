package org.ecgstream.flink.inference;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.ecgstream.schemas.Lead;

/**
 * The last window length of one patient's signal, every lead in millivolts at the rate it was
 * recorded (NaN for invalid samples), in a ring buffer that is Flink keyed state (a POJO). Samples
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
  /** Samples per lead kept: one window at {@link #sampleRateHz}. */
  public int capacity;
  /** {@code ring[lead * capacity + (k % capacity)]} is sample k. */
  public float[] ring;
  /** Device time of sample 0. */
  public long originMillis;
  /** Samples appended since sample 0. */
  public long count;
  /** The next window end (a multiple of the stride) not yet handed out. */
  public long nextEndMillis;
  public long strideMillis;

  public RecentSignal() {}

  /** An empty history starting at {@code originMillis} for these leads and rate. */
  public static RecentSignal starting(long originMillis, int sampleRateHz, Lead[] leads, long windowMillis,
      long strideMillis) {
    RecentSignal s = new RecentSignal();
    s.sampleRateHz = sampleRateHz;
    s.leads = leads.clone();
    s.capacity = (int) Math.round(windowMillis * sampleRateHz / 1000.0);
    s.ring = new float[leads.length * s.capacity];
    s.originMillis = originMillis;
    s.strideMillis = strideMillis;
    s.nextEndMillis = Math.floorDiv(originMillis, strideMillis) * strideMillis + strideMillis;
    return s;
  }

  /** Device time just after the last sample appended: where the next frame should start. */
  public long expectedNextMillis() {
    return originMillis + Math.round(count * 1000.0 / sampleRateHz);
  }

  /** Whether a frame starting at {@code startMillis} with these leads and rate carries on this signal. */
  public boolean continuesWith(long startMillis, int rateHz, Lead[] frameLeads) {
    return rateHz == sampleRateHz && Arrays.equals(frameLeads, leads)
        && Math.abs(startMillis - expectedNextMillis()) <= toleranceMillis(rateHz);
  }

  /** Samples missing before a frame starting at {@code startMillis}, or -1 when it does not follow on. */
  public long missingSamplesBefore(long startMillis, int rateHz, Lead[] frameLeads) {
    if (rateHz != sampleRateHz || !Arrays.equals(frameLeads, leads)) {
      return -1;
    }
    long gapMillis = startMillis - expectedNextMillis();
    if (gapMillis < -toleranceMillis(rateHz)) {
      return -1;
    }
    return Math.max(0, Math.round(gapMillis * sampleRateHz / 1000.0));
  }

  /** How far a frame's start may be from where the previous one ended: clock rounding, not signal. */
  public static long toleranceMillis(int rateHz) {
    return Math.max(2, 2000 / rateHz);
  }

  /**
   * Appends {@code n} samples of each lead ({@code millivolts[lead]}, null for NaN), handing every
   * window that becomes complete to {@code consumer}.
   */
  public void append(float[][] millivolts, int n, WindowConsumer consumer) throws Exception {
    int i = 0;
    while (true) {
      long before = samplesBefore(nextEndMillis);
      if (before > count + (n - i)) {
        break;
      }
      int take = (int) (before - count);
      write(millivolts, i, take);
      i += take;
      if (count >= capacity) {
        consumer.window(nextEndMillis, lastWindow(), sampleRateHz);
      }
      nextEndMillis += strideMillis;
    }
    write(millivolts, i, n - i);
  }

  /** Number of samples whose device time lies before {@code timeMillis}. */
  long samplesBefore(long timeMillis) {
    long scaled = (timeMillis - originMillis) * sampleRateHz;
    return Math.max(0, Math.floorDiv(scaled + 999, 1000));
  }

  private void write(float[][] millivolts, int from, int n) {
    for (int k = 0; k < n; k++) {
      int slot = (int) ((count + k) % capacity);
      for (int l = 0; l < leads.length; l++) {
        ring[l * capacity + slot] = millivolts[l] == null ? Float.NaN : millivolts[l][from + k];
      }
    }
    count += n;
  }

  private Map<Lead, float[]> lastWindow() {
    Map<Lead, float[]> out = new EnumMap<>(Lead.class);
    int start = (int) (count % capacity);
    for (int l = 0; l < leads.length; l++) {
      float[] lead = new float[capacity];
      int first = capacity - start;
      System.arraycopy(ring, l * capacity + start, lead, 0, first);
      System.arraycopy(ring, l * capacity, lead, first, start);
      out.put(leads[l], lead);
    }
    return out;
  }
}
