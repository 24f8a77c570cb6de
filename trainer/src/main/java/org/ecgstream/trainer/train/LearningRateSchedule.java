package org.ecgstream.trainer.train;

/** Linear warm-up to the peak rate, then cosine decay to a tenth of it at the last step. */
public record LearningRateSchedule(float peak, int warmupSteps, int totalSteps) {

  private static final float FLOOR_FRACTION = 0.1f;

  /** The learning rate for optimiser step {@code step} (0-based). */
  public float at(int step) {
    if (step < warmupSteps) {
      return peak * (step + 1) / warmupSteps;
    }
    int decaySteps = Math.max(1, totalSteps - warmupSteps);
    double progress = Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
    double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
    return (float) (peak * (FLOOR_FRACTION + (1 - FLOOR_FRACTION) * cosine));
  }
}
