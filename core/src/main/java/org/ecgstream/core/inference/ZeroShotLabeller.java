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
 * similarity of the embeddings. Probabilities are CLIP's zero-shot classification: a softmax over
 * the bundle's labels of the calibrated logits {@code scale * cosine + bias} (the manifest's
 * calibration, by default the SigLIP temperature and bias the model learned), so they sum to 1.
 */
public final class ZeroShotLabeller {

  /** Used when a bundle carries no calibration: SigLIP's initial scale and bias. */
  static final ZeroShotCalibration UNCALIBRATED = new ZeroShotCalibration(10, -5);

  private final List<String> labels;
  private final float[][] labelEmbeddings;
  private final ZeroShotCalibration[] calibration;

  /** One label's similarity and its probability among the bundle's labels. */
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
    int n = labels.size();
    double[] cosine = new double[n];
    double[] logit = new double[n];
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < n; k++) {
      for (int j = 0; j < embedding.length; j++) {
        cosine[k] += embedding[j] * labelEmbeddings[k][j];
      }
      logit[k] = calibration[k].scale() * cosine[k] + calibration[k].bias();
      max = Math.max(max, logit[k]);
    }
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += Math.exp(logit[k] - max);
    }
    List<LabelScore> scores = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      scores.add(new LabelScore(labels.get(k), cosine[k], Math.exp(logit[k] - max) / sum));
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
