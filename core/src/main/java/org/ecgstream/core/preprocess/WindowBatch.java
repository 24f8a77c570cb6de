package org.ecgstream.core.preprocess;

import java.util.List;

/**
 * Windows laid out as a model's two ECG inputs: signal row-major (batch, leads, samples) and lead
 * mask (batch, leads), 1 for leads that carry signal. Training, evaluation and serving all batch
 * windows through this one layout.
 */
public record WindowBatch(float[] signal, float[] leadMask, int size, int leads, int samples) {

  /** The windows in order; they must share a lead count and length. */
  public static WindowBatch of(List<EcgWindow> windows) {
    if (windows.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one window");
    }
    int leads = windows.get(0).leadCount();
    int samples = windows.get(0).length();
    float[] signal = new float[windows.size() * leads * samples];
    float[] mask = new float[windows.size() * leads];
    for (int i = 0; i < windows.size(); i++) {
      EcgWindow w = windows.get(i);
      if (w.leadCount() != leads || w.length() != samples) {
        throw new IllegalArgumentException("window " + i + " is " + w.leadCount() + " x " + w.length()
            + ", the batch's first is " + leads + " x " + samples);
      }
      for (int l = 0; l < leads; l++) {
        System.arraycopy(w.samples()[l], 0, signal, (i * leads + l) * samples, samples);
        mask[i * leads + l] = w.present()[l] ? 1f : 0f;
      }
    }
    return new WindowBatch(signal, mask, windows.size(), leads, samples);
  }
}
