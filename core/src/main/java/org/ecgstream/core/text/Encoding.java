package org.ecgstream.core.text;

import java.util.Arrays;

/**
 * A tokenised text of fixed length, as a text encoder takes it: token ids and an attention mask
 * that is 1 for real tokens ([CLS], text, [SEP]) and 0 for padding.
 */
public record Encoding(int[] ids, int[] attentionMask) {

  public Encoding {
    if (ids.length != attentionMask.length) {
      throw new IllegalArgumentException("ids (" + ids.length + ") and attention mask ("
          + attentionMask.length + ") must have the same length");
    }
  }

  /** The number of positions, padding included. */
  public int length() {
    return ids.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Encoding that
        && Arrays.equals(ids, that.ids)
        && Arrays.equals(attentionMask, that.attentionMask);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ids) + Arrays.hashCode(attentionMask);
  }

  @Override
  public String toString() {
    return "Encoding[ids=" + Arrays.toString(ids) + ", attentionMask="
        + Arrays.toString(attentionMask) + "]";
  }
}
