package org.ecgstream.core.text;

import java.util.Locale;

/**
 * Normalises free-text ECG reports (PTB-XL: mostly German, some English and Swedish) before
 * tokenisation, so that training and serving see the same text.
 *
 * <p>The rule is deliberately simple: lower-case with {@link Locale#ROOT}, keep every letter
 * (including umlauts, ß, å) and digit, turn everything else into a space, collapse runs of spaces
 * and trim. So "QRS(T) abnormal, 4.46" becomes "qrs t abnormal 4 46": decimal points and
 * punctuation are not kept, and PTB-XL's encoding artefacts (e.g. "á" where "ß" was meant) are
 * left as they are rather than guessed at.
 */
public final class ReportText {

  private ReportText() {}

  /** The cleaned report; an empty string for {@code null} or a report with no letters or digits. */
  public static String clean(String report) {
    if (report == null) {
      return "";
    }
    String lower = report.toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(lower.length());
    boolean pendingSpace = false;
    for (int i = 0; i < lower.length(); ) {
      int codePoint = lower.codePointAt(i);
      i += Character.charCount(codePoint);
      if (Character.isLetterOrDigit(codePoint)) {
        if (pendingSpace && out.length() > 0) {
          out.append(' ');
        }
        pendingSpace = false;
        out.appendCodePoint(codePoint);
      } else {
        pendingSpace = true;
      }
    }
    return out.toString();
  }
}
