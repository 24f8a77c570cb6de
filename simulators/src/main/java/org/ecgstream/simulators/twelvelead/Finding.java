package org.ecgstream.simulators.twelvelead;

/** A diagnostic statement the simulator can make true of a recording, grouped by what it changes. */
public enum Finding {
  SINUS_RHYTHM(Category.RHYTHM, 60, 100),
  SINUS_BRADYCARDIA(Category.RHYTHM, 40, 58),
  SINUS_TACHYCARDIA(Category.RHYTHM, 102, 150),
  SINUS_ARRHYTHMIA(Category.RHYTHM, 55, 90),
  ATRIAL_FIBRILLATION(Category.RHYTHM, 50, 150),
  ATRIAL_FLUTTER(Category.RHYTHM, 60, 170),
  /** Complete heart block: sinus P waves at their own rate, a slow independent escape rhythm. */
  THIRD_DEGREE_AV_BLOCK(Category.RHYTHM, 25, 55),
  PREMATURE_VENTRICULAR_CONTRACTION(Category.ECTOPY, 0, 0),
  VENTRICULAR_BIGEMINY(Category.ECTOPY, 0, 0),
  PREMATURE_ATRIAL_CONTRACTION(Category.ECTOPY, 0, 0),
  FIRST_DEGREE_AV_BLOCK(Category.CONDUCTION, 0, 0),
  LEFT_BUNDLE_BRANCH_BLOCK(Category.CONDUCTION, 0, 0),
  RIGHT_BUNDLE_BRANCH_BLOCK(Category.CONDUCTION, 0, 0),
  ST_ELEVATION(Category.MORPHOLOGY, 0, 0),
  ST_DEPRESSION(Category.MORPHOLOGY, 0, 0),
  LEFT_VENTRICULAR_HYPERTROPHY(Category.MORPHOLOGY, 0, 0),
  LOW_QRS_VOLTAGE(Category.MORPHOLOGY, 0, 0),
  /** Summary statement: nothing abnormal besides, at most, the sinus rate. */
  NORMAL_ECG(Category.SUMMARY, 0, 0);

  /** What part of the ECG a finding is about; a scenario has exactly one {@link #RHYTHM}. */
  public enum Category { RHYTHM, ECTOPY, CONDUCTION, MORPHOLOGY, SUMMARY }

  private final Category category;
  private final int minRateBpm;
  private final int maxRateBpm;

  Finding(Category category, int minRateBpm, int maxRateBpm) {
    this.category = category;
    this.minRateBpm = minRateBpm;
    this.maxRateBpm = maxRateBpm;
  }

  public Category category() {
    return category;
  }

  /** Lowest ventricular rate drawn for a rhythm finding (0 for other findings). */
  public int minRateBpm() {
    return minRateBpm;
  }

  /** Highest ventricular rate drawn for a rhythm finding (0 for other findings). */
  public int maxRateBpm() {
    return maxRateBpm;
  }

  public boolean isRhythm() {
    return category == Category.RHYTHM;
  }

  /** Sinus node drives the ventricles through a normal AV node. */
  public boolean isSinus() {
    return this == SINUS_RHYTHM || this == SINUS_BRADYCARDIA || this == SINUS_TACHYCARDIA || this == SINUS_ARRHYTHMIA;
  }
}
