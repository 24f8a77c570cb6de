package org.ecgstream.trainer.data;

/** The four classes of the PhysioNet/CinC Challenge 2017, with their codes in {@code REFERENCE.csv}. */
public enum CinC2017Label {
  NORMAL("N"),
  AF("A"),
  OTHER("O"),
  NOISY("~");

  private final String code;

  CinC2017Label(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  /** @throws IllegalArgumentException for a code other than N, A, O, ~ */
  public static CinC2017Label fromCode(String code) {
    for (CinC2017Label label : values()) {
      if (label.code.equals(code.strip())) {
        return label;
      }
    }
    throw new IllegalArgumentException("'" + code + "' is not a CinC 2017 label (expected N, A, O or ~)");
  }
}
