package org.ecgstream.core.bundle;

/**
 * What the text encoder takes: the tokenizer file in the bundle and the token sequence length.
 *
 * @param tokenizerFile bundle file holding the tokenizer, normally {@link BundleLayout#TOKENIZER}
 * @param maxTokens token sequence length the encoder was exported with (special tokens included)
 */
public record TextSpec(String tokenizerFile, int maxTokens) {

  public TextSpec {
    ManifestChecks.requireFileName(tokenizerFile, "text_spec.tokenizer_file");
    if (maxTokens < 3) {
      throw new IllegalArgumentException("text_spec.max_tokens must be at least 3, got " + maxTokens);
    }
  }
}
