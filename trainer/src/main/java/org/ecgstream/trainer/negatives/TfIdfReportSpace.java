package org.ecgstream.trainer.negatives;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports as L2-normalised TF-IDF vectors over their words and word pairs: a text-embedding space
 * that is fixed before training, cheap, and good at telling "vorhofflimmern" reports from
 * "sinusrhythmus" ones. Cosine similarity is the dot product of two vectors.
 */
public final class TfIdfReportSpace {

  private final List<int[]> termIds = new ArrayList<>();
  private final List<float[]> weights = new ArrayList<>();

  /** Builds the space from cleaned reports (lower case, words separated by single spaces). */
  public TfIdfReportSpace(List<String> cleanedReports) {
    Map<String, Integer> vocabulary = new HashMap<>();
    List<Map<Integer, Integer>> counts = new ArrayList<>();
    Map<Integer, Integer> documentFrequency = new HashMap<>();
    for (String report : cleanedReports) {
      Map<Integer, Integer> tf = new HashMap<>();
      String[] words = report.isBlank() ? new String[0] : report.trim().split(" +");
      for (int i = 0; i < words.length; i++) {
        tf.merge(vocabulary.computeIfAbsent(words[i], w -> vocabulary.size()), 1, Integer::sum);
        if (i + 1 < words.length) {
          String pair = words[i] + " " + words[i + 1];
          tf.merge(vocabulary.computeIfAbsent(pair, w -> vocabulary.size()), 1, Integer::sum);
        }
      }
      for (Integer term : tf.keySet()) {
        documentFrequency.merge(term, 1, Integer::sum);
      }
      counts.add(tf);
    }
    int n = cleanedReports.size();
    for (Map<Integer, Integer> tf : counts) {
      int[] ids = tf.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
      float[] w = new float[ids.length];
      double squares = 0;
      for (int k = 0; k < ids.length; k++) {
        double idf = Math.log((1.0 + n) / (1.0 + documentFrequency.get(ids[k]))) + 1;
        w[k] = (float) (tf.get(ids[k]) * idf);
        squares += w[k] * w[k];
      }
      float norm = (float) Math.sqrt(squares);
      for (int k = 0; k < w.length && norm > 0; k++) {
        w[k] /= norm;
      }
      termIds.add(ids);
      weights.add(w);
    }
  }

  public int size() {
    return termIds.size();
  }

  /** Cosine similarity of reports {@code a} and {@code b}, in [0, 1]; 0 when either is empty. */
  public double similarity(int a, int b) {
    int[] ia = termIds.get(a);
    int[] ib = termIds.get(b);
    float[] wa = weights.get(a);
    float[] wb = weights.get(b);
    double dot = 0;
    int i = 0;
    int j = 0;
    while (i < ia.length && j < ib.length) {
      if (ia[i] == ib[j]) {
        dot += wa[i++] * wb[j++];
      } else if (ia[i] < ib[j]) {
        i++;
      } else {
        j++;
      }
    }
    return dot;
  }
}
