package org.ecgstream.flink.rate;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.ecgstream.flink.beats.Beat;

/**
 * Heart rate of one patient over one event-time window: 60 / median RR interval of the beats in
 * the window. The median keeps one missed or extra beat from moving the rate. Windows with fewer
 * than {@link #MIN_BEATS} beats give a {@link HeartRate} without a rate (NaN bpm, with their beat
 * count): the limit alarms skip it ({@link HeartRate#hasRate}), the vitals say why there is none.
 */
public class HeartRateOverWindow extends ProcessWindowFunction<Beat, HeartRate, String, TimeWindow> {

  public static final int MIN_BEATS = 3;

  @Override
  public void process(String patientId, Context ctx, Iterable<Beat> beats, Collector<HeartRate> out) {
    List<Long> times = new ArrayList<>();
    String bedId = null;
    for (Beat beat : beats) {
      times.add(beat.rPeakTimeMillis);
      bedId = beat.bedId;
    }
    Double bpm = medianRateBpm(times);
    out.collect(new HeartRate(patientId, bedId, ctx.window().getStart(), ctx.window().getEnd(),
        bpm == null ? Double.NaN : bpm, times.size()));
  }

  /** 60000 / median RR in ms over the given R-peak times (any order), or null for too few beats. */
  public static Double medianRateBpm(List<Long> rPeakTimesMillis) {
    if (rPeakTimesMillis.size() < MIN_BEATS) {
      return null;
    }
    long[] times = rPeakTimesMillis.stream().mapToLong(Long::longValue).sorted().toArray();
    long[] rr = new long[times.length - 1];
    for (int i = 1; i < times.length; i++) {
      rr[i - 1] = times[i] - times[i - 1];
    }
    java.util.Arrays.sort(rr);
    double median = rr.length % 2 == 1 ? rr[rr.length / 2] : (rr[rr.length / 2 - 1] + rr[rr.length / 2]) / 2.0;
    return median > 0 ? 60_000.0 / median : null;
  }
}
