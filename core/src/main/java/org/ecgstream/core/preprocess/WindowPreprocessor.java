package org.ecgstream.core.preprocess;

import java.util.Map;
import org.ecgstream.schemas.Lead;

/**
 * Turns recorded leads into the model's input window: fill short gaps of invalid samples, resample
 * to the model's rate, zero-phase band-pass, normalise each lead, pad to the window length. The
 * one implementation used by the trainer and by the streaming job, so the model sees in serving
 * exactly what it saw in training.
 */
public final class WindowPreprocessor {

  /** A lead with more invalid samples than this fraction is treated as absent. */
  static final double MAX_INVALID_FRACTION = 0.10;
  /** A lead whose filtered standard deviation is below this (mV) is flat: absent, not signal. */
  static final double FLAT_STD_MV = 0.005;

  private final InputSpec spec;
  private final ZeroPhaseBandPass bandPass;

  public WindowPreprocessor(InputSpec spec) {
    this.spec = spec;
    this.bandPass = new ZeroPhaseBandPass(spec.bandPassLowHz(), spec.bandPassHighHz(), spec.sampleRateHz());
  }

  public InputSpec spec() {
    return spec;
  }

  /**
   * Prepares one window from signals in millivolts (NaN marks an invalid sample) recorded at
   * {@code sampleRateHz}. Signals should cover the spec's window; a longer one is cut to the
   * window, a shorter one is zero-padded at the end. Leads the spec does not use are ignored.
   *
   * @throws IllegalArgumentException when the leads differ in length or the rate is not positive
   */
  public EcgWindow prepare(Map<Lead, float[]> millivolts, double sampleRateHz) {
    if (!(sampleRateHz > 0)) {
      throw new IllegalArgumentException("sample rate must be positive: " + sampleRateHz);
    }
    int inputLength = -1;
    for (Map.Entry<Lead, float[]> e : millivolts.entrySet()) {
      if (inputLength >= 0 && e.getValue().length != inputLength) {
        throw new IllegalArgumentException(
            "leads differ in length: " + e.getKey() + " has " + e.getValue().length + ", others " + inputLength);
      }
      inputLength = e.getValue().length;
    }
    int window = spec.windowSamples();
    float[][] samples = new float[spec.leads().size()][window];
    boolean[] present = new boolean[spec.leads().size()];
    int valid = 0;
    if (inputLength > 0) {
      int wantInput = (int) Math.round(window * sampleRateHz / spec.sampleRateHz());
      int takeInput = Math.min(inputLength, wantInput);
      for (int l = 0; l < spec.leads().size(); l++) {
        float[] raw = millivolts.get(spec.leads().get(l));
        if (raw == null) {
          continue;
        }
        float[] filled = fillInvalid(raw, takeInput);
        if (filled == null) {
          continue;
        }
        float[] atRate = Resampler.resample(filled, sampleRateHz, spec.sampleRateHz());
        float[] filtered = bandPass.apply(atRate);
        int n = Math.min(filtered.length, window);
        present[l] = normalise(filtered, n, samples[l]);
        valid = Math.max(valid, n);
      }
    }
    if (!anyPresent(present)) {
      valid = 0;
    }
    return new EcgWindow(samples, present, valid);
  }

  /**
   * The first {@code length} samples with runs of NaN replaced by straight lines between their
   * neighbours, or null when too much of the lead is invalid to use.
   */
  static float[] fillInvalid(float[] raw, int length) {
    float[] out = new float[length];
    int invalid = 0;
    for (int i = 0; i < length; i++) {
      out[i] = raw[i];
      if (Float.isNaN(raw[i]) || Float.isInfinite(raw[i])) {
        invalid++;
      }
    }
    if (invalid == 0) {
      return out;
    }
    if (invalid > MAX_INVALID_FRACTION * length) {
      return null;
    }
    int i = 0;
    while (i < length) {
      if (Float.isFinite(out[i])) {
        i++;
        continue;
      }
      int start = i;
      while (i < length && !Float.isFinite(out[i])) {
        i++;
      }
      float before = start > 0 ? out[start - 1] : (i < length ? out[i] : 0f);
      float after = i < length ? out[i] : before;
      int gap = i - start + 1;
      for (int k = start; k < i; k++) {
        out[k] = before + (after - before) * (k - start + 1) / gap;
      }
    }
    return out;
  }

  /** Z-scores the first {@code n} samples into {@code target}; false (all zeros) when flat. */
  private static boolean normalise(float[] filtered, int n, float[] target) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += filtered[i];
    }
    double mean = sum / n;
    double squares = 0;
    for (int i = 0; i < n; i++) {
      double d = filtered[i] - mean;
      squares += d * d;
    }
    double std = Math.sqrt(squares / n);
    if (std < FLAT_STD_MV) {
      return false;
    }
    float clip = InputSpec.Normalisation.CLIP;
    for (int i = 0; i < n; i++) {
      float z = (float) ((filtered[i] - mean) / std);
      target[i] = Math.max(-clip, Math.min(clip, z));
    }
    return true;
  }

  private static boolean anyPresent(boolean[] present) {
    for (boolean p : present) {
      if (p) {
        return true;
      }
    }
    return false;
  }
}
