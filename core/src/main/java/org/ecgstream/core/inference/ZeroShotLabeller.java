package org.ecgstream.core.inference;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.bundle.ZeroShotCalibration;
import org.ecgstream.core.text.BpeTokenizer;
import org.ecgstream.core.text.TokenBatch;

/**
 * Zero-shot labels from a bundle: each label's prompts are embedded once with the text encoder
 * (their normalised mean stands for the label), and a window's score for a label is the cosine
 * similarity of the embeddings. Each label is judged on its own (one-vs-rest): its probability is
 * {@code sigmoid(scale * cosine + bias)} with the manifest's calibration for that label (fitted on
 * held-out labelled recordings by the trainer). Labels are not exclusive, so probabilities need
 * not sum to 1.
 */
public final class ZeroShotLabeller {

  /** Used when a bundle carries no calibration: SigLIP's initial scale and bias. */
  static final ZeroShotCalibration UNCALIBRATED = new ZeroShotCalibration(10, -5);

  private final List<String> labels;
  private final float[][] labelEmbeddings;
  private final ZeroShotCalibration[] calibration;

  /** One label's similarity and its calibrated probability. */
  public record LabelScore(String label, double cosine, double probability) {}

  public ZeroShotLabeller(ModelBundle bundle, OnnxEncoders encoders) throws IOException, OrtException {
    Map<String, List<String>> prompts = new ObjectMapper()
        .readValue(bundle.prompts().toFile(), new TypeReference<LinkedHashMap<String, List<String>>>() {});
    BpeTokenizer tokenizer = BpeTokenizer.load(bundle.tokenizer());
    int tokens = bundle.manifest().textSpec().maxTokens();
    Map<String, ZeroShotCalibration> calibrations =
        bundle.manifest().calibration() == null ? Map.of() : bundle.manifest().calibration();
    this.labels = new ArrayList<>(prompts.keySet());
    this.labelEmbeddings = new float[labels.size()][];
    this.calibration = new ZeroShotCalibration[labels.size()];
    for (int k = 0; k < labels.size(); k++) {
      TokenBatch phrases = TokenBatch.of(tokenizer, prompts.get(labels.get(k)), tokens);
      labelEmbeddings[k] = Embeddings.normalisedMean(
          encoders.embedText(phrases.ids(), phrases.attention(), phrases.size(), tokens));
      calibration[k] = calibrations.getOrDefault(labels.get(k), UNCALIBRATED);
    }
  }

  public List<String> labels() {
    return labels;
  }

  /** Scores of one window's embedding, one per label in prompt order. */
  public List<LabelScore> score(float[] embedding) {
    List<LabelScore> scores = new ArrayList<>(labels.size());
    for (int k = 0; k < labels.size(); k++) {
      double cosine = Embeddings.dot(embedding, labelEmbeddings[k]);
      scores.add(new LabelScore(labels.get(k), cosine, calibration[k].probability(cosine)));
    }
    return scores;
  }
}
