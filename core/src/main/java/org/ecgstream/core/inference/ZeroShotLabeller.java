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
import org.ecgstream.core.text.Encoding;

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
      List<String> phrases = prompts.get(labels.get(k));
      long[] ids = new long[phrases.size() * tokens];
      float[] attention = new float[phrases.size() * tokens];
      for (int p = 0; p < phrases.size(); p++) {
        Encoding e = tokenizer.encode(phrases.get(p), tokens);
        for (int t = 0; t < tokens; t++) {
          ids[p * tokens + t] = e.ids()[t];
          attention[p * tokens + t] = e.attentionMask()[t];
        }
      }
      labelEmbeddings[k] = normalisedMean(encoders.embedText(ids, attention, phrases.size(), tokens));
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
      double cosine = 0;
      for (int j = 0; j < embedding.length; j++) {
        cosine += embedding[j] * labelEmbeddings[k][j];
      }
      scores.add(new LabelScore(labels.get(k), cosine, calibration[k].probability(cosine)));
    }
    return scores;
  }

  static float[] normalisedMean(float[][] rows) {
    float[] mean = new float[rows[0].length];
    for (float[] r : rows) {
      for (int j = 0; j < mean.length; j++) {
        mean[j] += r[j];
      }
    }
    double squares = 0;
    for (float v : mean) {
      squares += v * v;
    }
    float norm = (float) Math.max(Math.sqrt(squares), 1e-6);
    for (int j = 0; j < mean.length; j++) {
      mean[j] /= norm;
    }
    return mean;
  }
}
