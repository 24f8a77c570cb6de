package org.ecgstream.trainer.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ecgstream.core.preprocess.EcgWindow;
import org.ecgstream.core.preprocess.WindowBatch;
import org.ecgstream.core.text.BpeTokenizer;
import org.ecgstream.core.text.Encoding;
import org.ecgstream.trainer.model.CmeltConfig;
import org.ecgstream.trainer.negatives.NearestNeighbourNegativeSampler;

/**
 * Builds batches and draws all of C-MELT's random choices for them: which patches are masked,
 * which recorded leads are hidden, which report tokens are masked, and which ECGs get a mismatched
 * report (half of them, drawn by {@link NearestNeighbourNegativeSampler}). Deterministic for a seed.
 */
public final class BatchAssembler {

  /** Share of paired rows whose report is replaced by a negative. */
  static final double NEGATIVE_SHARE = 0.5;
  /**
   * Share of rows shown through a single recorded lead, as a 1-lead bedside monitor would see
   * them; the usual lead masking rarely gets that far down on its own.
   */
  static final double SINGLE_LEAD_SHARE = 0.3;

  private final CmeltConfig config;
  private final List<Encoding> reports;
  private final NearestNeighbourNegativeSampler negatives;
  private final Random random;

  /**
   * @param reports every report of the corpus, tokenised, by report index
   * @param negatives the sampler over the same report indices (null for unpaired-only corpora)
   */
  public BatchAssembler(
      CmeltConfig config, List<Encoding> reports, NearestNeighbourNegativeSampler negatives, Random random) {
    this.config = config;
    this.reports = reports;
    this.negatives = negatives;
    this.random = random;
  }

  /** A batch of the given examples: paired when every example has a report, unpaired when none has. */
  public PretrainingBatch assemble(List<PretrainingExample> examples) {
    int b = examples.size();
    boolean paired = examples.get(0).paired();
    for (PretrainingExample e : examples) {
      if (e.paired() != paired) {
        throw new IllegalArgumentException("a batch is either all pairs or all unpaired recordings");
      }
    }
    int leads = config.leadCount();
    int length = config.input().windowSamples();
    int tokens = config.ecgTokens();
    List<EcgWindow> windows = new ArrayList<>(b);
    for (PretrainingExample e : examples) {
      if (e.window().leadCount() != leads || e.window().length() != length) {
        throw new IllegalArgumentException("example " + e.id() + ": window " + e.window()
            + " does not match the model input " + leads + " x " + length);
      }
      windows.add(e.window());
    }
    float[] signals = WindowBatch.of(windows).signal();
    float[] recorded = new float[b * leads];
    float[] shown = new float[b * leads];
    float[] patchMask = new float[b * tokens];
    for (int i = 0; i < b; i++) {
      hideLeads(windows.get(i).present(), recorded, shown, i * leads);
      maskPatches(patchMask, i * tokens, tokens);
    }
    if (!paired) {
      return new PretrainingBatch(b, signals, recorded, shown, patchMask, null, null, null, null, null);
    }
    int lt = config.maxTextTokens();
    long[] ids = new long[b * lt];
    float[] attention = new float[b * lt];
    long[] maskedIds = new long[b * lt];
    float[] languageMask = new float[b * lt];
    float[] match = new float[b];
    for (int i = 0; i < b; i++) {
      int own = examples.get(i).reportIndex();
      boolean negative = negatives != null && random.nextDouble() < NEGATIVE_SHARE;
      int shownReport = negative ? negatives.negativeFor(own, random) : own;
      match[i] = negative ? 0f : 1f;
      Encoding encoding = reports.get(shownReport);
      if (encoding.length() != lt) {
        throw new IllegalArgumentException("report encodings must be " + lt + " tokens, got " + encoding.length());
      }
      for (int t = 0; t < lt; t++) {
        ids[i * lt + t] = encoding.ids()[t];
        attention[i * lt + t] = encoding.attentionMask()[t];
        maskedIds[i * lt + t] = encoding.ids()[t];
      }
      // Masked words are predicted from the report and its own ECG only: never on a mismatched pair.
      if (!negative) {
        maskTokens(encoding, maskedIds, languageMask, i * lt);
      }
    }
    return new PretrainingBatch(b, signals, recorded, shown, patchMask, ids, attention, maskedIds, languageMask, match);
  }

  private void hideLeads(boolean[] present, float[] recorded, float[] shown, int offset) {
    int count = 0;
    for (int l = 0; l < present.length; l++) {
      recorded[offset + l] = present[l] ? 1f : 0f;
      shown[offset + l] = recorded[offset + l];
      count += present[l] ? 1 : 0;
    }
    int hide = random.nextDouble() < SINGLE_LEAD_SHARE
        ? count - 1
        : Math.min(count - 1, Math.round(config.leadMaskRatio() * count));
    while (hide > 0) {
      int l = random.nextInt(present.length);
      if (shown[offset + l] == 1f) {
        shown[offset + l] = 0f;
        hide--;
      }
    }
  }

  private void maskPatches(float[] patchMask, int offset, int tokens) {
    int masked = Math.max(1, Math.round(config.patchMaskRatio() * tokens));
    int[] order = permutation(tokens);
    for (int k = 0; k < masked; k++) {
      patchMask[offset + order[k]] = 1f;
    }
  }

  private void maskTokens(Encoding encoding, long[] maskedIds, float[] languageMask, int offset) {
    int first = -1;
    int maskedCount = 0;
    for (int t = 0; t < encoding.length(); t++) {
      int id = encoding.ids()[t];
      boolean word = encoding.attentionMask()[t] == 1 && id != BpeTokenizer.CLS_ID && id != BpeTokenizer.SEP_ID
          && id != BpeTokenizer.PAD_ID;
      if (!word) {
        continue;
      }
      first = first < 0 ? t : first;
      if (random.nextDouble() < config.mlmProbability()) {
        maskedIds[offset + t] = BpeTokenizer.MASK_ID;
        languageMask[offset + t] = 1f;
        maskedCount++;
      }
    }
    if (maskedCount == 0 && first >= 0) {
      maskedIds[offset + first] = BpeTokenizer.MASK_ID;
      languageMask[offset + first] = 1f;
    }
  }

  private int[] permutation(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
