package org.ecgstream.core.preprocess;

import java.util.Arrays;

/**
 * One preprocessed model input: {@code samples[lead][t]} in the lead order of an {@link InputSpec},
 * with a presence mask. Absent leads (not recorded, flat, or mostly invalid) are all zeros and
 * marked absent so the encoder can ignore them.
 *
 * @param samples normalised samples, leads x window samples
 * @param present which of the spec's leads carry signal
 * @param validSamples how many samples at the start are real signal (the rest is zero padding)
 */
public record EcgWindow(float[][] samples, boolean[] present, int validSamples) {

  public int leadCount() {
    return samples.length;
  }

  public int length() {
    return samples.length == 0 ? 0 : samples[0].length;
  }

  public int presentLeadCount() {
    int n = 0;
    for (boolean p : present) {
      n += p ? 1 : 0;
    }
    return n;
  }

  /** Row-major copy {@code [lead * length + t]}, the layout of a model's input tensor. */
  public float[] flatten() {
    int len = length();
    float[] flat = new float[samples.length * len];
    for (int l = 0; l < samples.length; l++) {
      System.arraycopy(samples[l], 0, flat, l * len, len);
    }
    return flat;
  }

  /** The presence mask as 1/0 floats, the layout of a model's lead-mask input. */
  public float[] presenceAsFloats() {
    float[] mask = new float[present.length];
    for (int l = 0; l < present.length; l++) {
      mask[l] = present[l] ? 1f : 0f;
    }
    return mask;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EcgWindow w
        && validSamples == w.validSamples
        && Arrays.deepEquals(samples, w.samples)
        && Arrays.equals(present, w.present);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.deepHashCode(samples) + Arrays.hashCode(present) + validSamples;
  }

  @Override
  public String toString() {
    return "EcgWindow[" + samples.length + " leads x " + length() + ", present "
        + Arrays.toString(present) + ", valid " + validSamples + "]";
  }
}
