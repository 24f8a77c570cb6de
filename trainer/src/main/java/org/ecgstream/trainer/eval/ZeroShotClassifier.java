package org.ecgstream.trainer.eval;

import org.ecgstream.core.inference.Embeddings;
import java.util.List;

/**
 * Zero-shot labelling as in CLIP and C-MELT: each label is the normalised mean embedding of its
 * prompts, and an ECG's score for a label is the cosine similarity of the two embeddings.
 */
public final class ZeroShotClassifier {

  private final List<String> labels;
  private final float[][] labelEmbeddings;

  public ZeroShotClassifier(Encoders encoders, Prompts prompts) {
    this.labels = prompts.labels();
    this.labelEmbeddings = new float[labels.size()][];
    for (int k = 0; k < labels.size(); k++) {
      float[][] phrases = encoders.embedText(prompts.byLabel().get(labels.get(k)));
      labelEmbeddings[k] = Embeddings.normalisedMean(phrases);
    }
  }

  public List<String> labels() {
    return labels;
  }

  /** Cosine similarity of every embedding with every label: [n][labels]. */
  public double[][] scores(float[][] ecgEmbeddings) {
    double[][] s = new double[ecgEmbeddings.length][labels.size()];
    for (int i = 0; i < ecgEmbeddings.length; i++) {
      for (int k = 0; k < labels.size(); k++) {
        s[i][k] = Embeddings.dot(ecgEmbeddings[i], labelEmbeddings[k]);
      }
    }
    return s;
  }
}
