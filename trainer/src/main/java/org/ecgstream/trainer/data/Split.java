package org.ecgstream.trainer.data;

/** The three disjoint parts of a data set: fit on train, choose on validation, report on test. */
public enum Split {
  TRAIN,
  VALIDATION,
  TEST;

  /** PTB-XL's recommended split of {@code strat_fold}: folds 1-8 train, 9 validation, 10 test. */
  public static Split ofPtbXlFold(int fold) {
    if (fold >= 1 && fold <= 8) {
      return TRAIN;
    }
    if (fold == 9) {
      return VALIDATION;
    }
    if (fold == 10) {
      return TEST;
    }
    throw new IllegalArgumentException("PTB-XL strat_fold must be 1-10, got " + fold);
  }
}
