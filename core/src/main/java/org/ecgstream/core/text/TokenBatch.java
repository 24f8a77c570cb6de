package org.ecgstream.core.text;

import java.util.List;

/**
 * Texts encoded as a model's two text inputs, row-major (batch, tokens): token ids and attention
 * mask (1 for tokens, 0 for padding), every row exactly {@code tokens} long.
 */
public record TokenBatch(long[] ids, float[] attention, int size, int tokens) {

  /** {@code texts} (cleaned) encoded by {@code tokenizer} to {@code tokens} tokens each. */
  public static TokenBatch of(BpeTokenizer tokenizer, List<String> texts, int tokens) {
    long[] ids = new long[texts.size() * tokens];
    float[] attention = new float[texts.size() * tokens];
    for (int i = 0; i < texts.size(); i++) {
      Encoding e = tokenizer.encode(texts.get(i), tokens);
      for (int t = 0; t < tokens; t++) {
        ids[i * tokens + t] = e.ids()[t];
        attention[i * tokens + t] = e.attentionMask()[t];
      }
    }
    return new TokenBatch(ids, attention, texts.size(), tokens);
  }
}
