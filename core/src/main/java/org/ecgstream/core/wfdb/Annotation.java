package org.ecgstream.core.wfdb;

import java.util.Set;

/**
 * One WFDB annotation: sample, type code and its mnemonic, subtype, channel, number, and the aux
 * string (rhythm annotations carry the rhythm there, for example "(AFIB").
 */
public record Annotation(long sample, int code, int subtype, int channel, int number, String aux) {

  /** Mnemonics of the annotation codes 0..41 (WFDB ecgcodes.h). */
  private static final String[] MNEMONICS = {
    "", "N", "L", "R", "a", "V", "F", "J", "A", "S", "E", "j", "/", "Q", "~", "", "|", "", "s", "T", "*", "D",
    "\"", "=", "p", "B", "^", "t", "+", "u", "?", "!", "[", "]", "e", "n", "@", "x", "f", "(", ")", "r"
  };

  /** Codes WFDB counts as beats ({@code isqrs}): N L R a V F J A S E j / Q B ? e n f r. */
  private static final Set<Integer> BEAT_CODES = Set.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 25, 30, 34, 35, 38, 41);

  /** Code of a rhythm change annotation, whose aux names the new rhythm. */
  public static final int RHYTHM = 28;

  public String mnemonic() {
    return code >= 0 && code < MNEMONICS.length ? MNEMONICS[code] : "#" + code;
  }

  /** True for a QRS annotation, as WFDB's {@code isqrs} defines it. */
  public boolean isBeat() {
    return BEAT_CODES.contains(code);
  }

  /** The rhythm this annotation starts ("AFIB", "N", "VT"), or null when it is not a rhythm change. */
  public String rhythm() {
    if (code != RHYTHM || aux == null || !aux.startsWith("(")) {
      return null;
    }
    return aux.substring(1).strip();
  }
}
