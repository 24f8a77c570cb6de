package org.ecgstream.trainer.train;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * One progress line at most every few seconds: step, a bar, the total loss and its parts,
 * learning rate, samples per second and the time left.
 */
public final class TrainingProgress {

  private static final long INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();
  private static final int BAR = 20;

  private final PrintStream out;
  private final int totalSteps;
  private final long startNanos = System.nanoTime();
  private final int firstStep;
  private long lastPrintNanos;
  private long samples;

  public TrainingProgress(PrintStream out, int firstStep, int totalSteps) {
    this.out = out;
    this.firstStep = firstStep;
    this.totalSteps = totalSteps;
  }

  /** Records a finished step; prints when the interval has passed or on the last step. */
  public void stepDone(int step, int batchSize, float total, float[] parts, float learningRate, float gradNorm) {
    samples += batchSize;
    long now = System.nanoTime();
    boolean last = step + 1 == totalSteps;
    if (!last && now - lastPrintNanos < INTERVAL_NANOS && step != firstStep) {
      return;
    }
    lastPrintNanos = now;
    double seconds = (now - startNanos) / 1e9;
    double perSecond = samples / Math.max(seconds, 1e-9);
    int done = step + 1 - firstStep;
    double secondsLeft = done == 0 ? 0 : seconds / done * (totalSteps - step - 1);
    int filled = (int) ((long) BAR * (step + 1) / totalSteps);
    out.println(String.format(Locale.ROOT,
        "step %d/%d [%s%s] loss %.4f (ecg %s, mlm %s, itm %s, sig %s) lr %.1e |g| %.2f %.1f samples/s eta %s",
        step + 1, totalSteps, "#".repeat(filled), " ".repeat(BAR - filled), total,
        part(parts[0]), part(parts[1]), part(parts[2]), part(parts[3]), learningRate, gradNorm, perSecond,
        clock(secondsLeft)));
  }

  private static String part(float value) {
    return Float.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
  }

  static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }
}
