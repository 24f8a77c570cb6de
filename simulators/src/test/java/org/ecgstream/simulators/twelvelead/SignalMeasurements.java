package org.ecgstream.simulators.twelvelead;

import java.util.List;

/** Measurements taken from the simulated signal itself, independent of the simulator's internals. */
final class SignalMeasurements {

  /** Indices of I, II and V1..V6 in the standard lead order. */
  private static final int[] INDEPENDENT = {0, 1, 6, 7, 8, 9, 10, 11};

  private SignalMeasurements() {}

  /** Coefficient of variation of the RR intervals between consecutive beats. */
  static double rrCoefficientOfVariation(List<Beat> beats) {
    int n = beats.size() - 1;
    double[] rr = new double[n];
    double mean = 0;
    for (int i = 0; i < n; i++) {
      rr[i] = beats.get(i + 1).rPeakSeconds() - beats.get(i).rPeakSeconds();
      mean += rr[i] / n;
    }
    double var = 0;
    for (double r : rr) {
      var += (r - mean) * (r - mean) / (n - 1);
    }
    return Math.sqrt(var) / mean;
  }

  /**
   * QRS duration of one beat on a clean recording: the span, within -120..+130 ms of the R peak,
   * where the spatial velocity (slope magnitude over I, II and V1..V6) exceeds 20% of its peak;
   * slopes rather than voltages so that a shifted ST segment does not count as QRS.
   */
  static double qrsWidthSeconds(Recording recording, Beat beat) {
    int rate = recording.sampleRateHz();
    int from = (int) Math.max(1, beat.rPeakSample() - Math.round(0.12 * rate));
    int to = (int) Math.min(recording.sampleCount() - 1, beat.rPeakSample() + Math.round(0.13 * rate));
    double[] magnitude = new double[to - from + 1];
    double peak = 0;
    for (int k = from; k <= to; k++) {
      double sum = 0;
      for (int lead : INDEPENDENT) {
        double v = recording.millivolts()[lead][k] - recording.millivolts()[lead][k - 1];
        sum += v * v;
      }
      magnitude[k - from] = Math.sqrt(sum);
      peak = Math.max(peak, magnitude[k - from]);
    }
    int first = -1;
    int last = -1;
    for (int i = 0; i < magnitude.length; i++) {
      if (magnitude[i] > 0.2 * peak) {
        if (first < 0) {
          first = i;
        }
        last = i;
      }
    }
    return (double) (last - first) / rate;
  }

  /**
   * Peak-to-peak of the R-aligned average of a lead over {@code fromSeconds..toSeconds} around each
   * beat that follows an RR interval of at least {@code minRrSeconds} (so the previous T wave has ended).
   */
  static double alignedAveragePeakToPeak(Recording recording, int lead, List<Beat> beats, double fromSeconds, double toSeconds, double minRrSeconds) {
    int rate = recording.sampleRateHz();
    int a = (int) Math.round(fromSeconds * rate);
    int b = (int) Math.round(toSeconds * rate);
    double[] sum = new double[b - a + 1];
    int count = 0;
    for (int j = 1; j < beats.size(); j++) {
      Beat beat = beats.get(j);
      if (beat.rPeakSeconds() - beats.get(j - 1).rPeakSeconds() < minRrSeconds) {
        continue;
      }
      long start = beat.rPeakSample() + a;
      long end = beat.rPeakSample() + b;
      if (start < 0 || end >= recording.sampleCount()) {
        continue;
      }
      for (int i = 0; i < sum.length; i++) {
        sum[i] += recording.millivolts()[lead][(int) start + i];
      }
      count++;
    }
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    for (double s : sum) {
      max = Math.max(max, s / count);
      min = Math.min(min, s / count);
    }
    return max - min;
  }

  /** Largest and smallest value of a lead within {@code fromSeconds..toSeconds} of a beat's R peak. */
  static double[] extremes(Recording recording, int lead, Beat beat, double fromSeconds, double toSeconds) {
    int rate = recording.sampleRateHz();
    int from = (int) Math.max(0, beat.rPeakSample() + Math.round(fromSeconds * rate));
    int to = (int) Math.min(recording.sampleCount() - 1, beat.rPeakSample() + Math.round(toSeconds * rate));
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    for (int k = from; k <= to; k++) {
      max = Math.max(max, recording.millivolts()[lead][k]);
      min = Math.min(min, recording.millivolts()[lead][k]);
    }
    return new double[] {min, max};
  }
}
