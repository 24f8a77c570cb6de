package org.ecgstream.core.preprocess;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ecgstream.schemas.Lead;

/**
 * Cuts a recording into model-length crops: evenly spaced from its start to its end, so a long
 * recording is seen across its whole length and a short one as a single (later zero-padded) crop.
 */
public final class WindowCrops {

  private WindowCrops() {}

  /**
   * Up to {@code maxCrops} crops of {@code windowSeconds}, the first at the start and the last
   * ending at the end of the recording.
   */
  public static List<Map<Lead, float[]>> evenlySpaced(
      Map<Lead, float[]> leads, double sampleRateHz, double windowSeconds, int maxCrops) {
    int length = leads.values().stream().mapToInt(a -> a.length).max().orElse(0);
    int window = (int) Math.round(windowSeconds * sampleRateHz);
    List<Map<Lead, float[]>> crops = new ArrayList<>();
    if (length <= window || maxCrops <= 1) {
      crops.add(cut(leads, 0, Math.min(length, window)));
      return crops;
    }
    int available = length - window;
    int count = Math.min(maxCrops, 1 + available / Math.max(1, window / 2));
    for (int k = 0; k < count; k++) {
      int start = count == 1 ? 0 : (int) Math.round((double) available * k / (count - 1));
      crops.add(cut(leads, start, window));
    }
    return crops;
  }

  private static Map<Lead, float[]> cut(Map<Lead, float[]> leads, int start, int length) {
    Map<Lead, float[]> crop = new EnumMap<>(Lead.class);
    for (Map.Entry<Lead, float[]> e : leads.entrySet()) {
      float[] piece = new float[length];
      System.arraycopy(e.getValue(), start, piece, 0, Math.min(length, e.getValue().length - start));
      crop.put(e.getKey(), piece);
    }
    return crop;
  }
}
