package org.ecgstream.core.scoring;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.ecgstream.core.qrs.QrsWidthEstimator;
import org.ecgstream.core.wfdb.Annotation;
import org.ecgstream.core.wfdb.AnnotationReader;
import org.ecgstream.core.wfdb.WfdbFormatException;
import org.ecgstream.core.wfdb.WfdbRecord;

/**
 * How well the streaming QRS width estimate ({@link QrsWidthEstimator}) separates ventricular (V)
 * from normal (N) beats of a WFDB database with reference beat labels such as MIT-BIH, measured at
 * the reference beat positions (so that QRS detection errors do not enter): on the rhythm lead
 * (MLII) alone and fused over all leads the way {@code PatientRhythm} fuses them (the smallest
 * estimate). Reports the area under the ROC curve and sensitivity / specificity at a threshold.
 */
public final class BeatWidthScore {

  /** Separation of V from N beats by one width measure. */
  public record Separation(String measure, int ventricular, int normal, double auc, double thresholdMillis,
      double sensitivity, double specificity, double medianVentricularMillis, double medianNormalMillis) {}

  private static final double BLOCK_SECONDS = 0.25;
  /** A beat's width is asked for once this much signal after it is buffered, as the detector's lag allows. */
  private static final double AFTER_BEAT_SECONDS = 0.35;

  private BeatWidthScore() {}

  /** Rhythm-lead and fused separation over the records of {@code database} that pass {@code include}. */
  public static List<Separation> score(Path database, double thresholdMillis, Predicate<String> include)
      throws WfdbFormatException {
    Widths lead = new Widths();
    Widths fused = new Widths();
    for (String name : QrsDatabaseScore.recordNames(database)) {
      if (!include.test(name)) {
        continue;
      }
      WfdbRecord record = WfdbRecord.read(database, name);
      int fs = (int) Math.round(record.samplingFrequencyHz());
      int rhythmLead = QrsDatabaseScore.scoredSignal(record);
      float[][] signals = new float[record.signalCount()][];
      QrsWidthEstimator[] estimators = new QrsWidthEstimator[signals.length];
      for (int i = 0; i < signals.length; i++) {
        signals[i] = record.physical(i);
        estimators[i] = new QrsWidthEstimator(fs);
      }
      List<Annotation> beats = AnnotationReader.read(database, name, "atr").stream()
          .filter(a -> a.mnemonic().equals("N") || a.mnemonic().equals("V")).toList();
      int next = 0;
      int block = (int) Math.round(BLOCK_SECONDS * fs);
      long lag = Math.round(AFTER_BEAT_SECONDS * fs);
      for (int from = 0; from < signals[0].length; from += block) {
        int to = Math.min(signals[0].length, from + block);
        for (int i = 0; i < signals.length; i++) {
          estimators[i].accept(Arrays.copyOfRange(signals[i], from, to));
        }
        while (next < beats.size() && (beats.get(next).sample() + lag < to || to == signals[0].length)) {
          Annotation beat = beats.get(next++);
          boolean ventricular = beat.mnemonic().equals("V");
          double smallest = Double.NaN;
          for (QrsWidthEstimator e : estimators) {
            double w = e.widthMillis(beat.sample());
            if (!Double.isNaN(w) && !(w >= smallest)) {
              smallest = w;
            }
          }
          lead.add(estimators[rhythmLead].widthMillis(beat.sample()), ventricular);
          fused.add(smallest, ventricular);
        }
      }
    }
    return List.of(lead.separation("rhythm lead (MLII)", thresholdMillis), fused.separation("fused (smallest over leads)", thresholdMillis));
  }

  /** Widths of V and N beats, growing arrays. */
  private static final class Widths {
    private double[] ventricular = new double[1024];
    private double[] normal = new double[1024];
    private int v;
    private int n;

    void add(double width, boolean isVentricular) {
      if (Double.isNaN(width)) {
        return;
      }
      if (isVentricular) {
        ventricular = v == ventricular.length ? Arrays.copyOf(ventricular, 2 * v) : ventricular;
        ventricular[v++] = width;
      } else {
        normal = n == normal.length ? Arrays.copyOf(normal, 2 * n) : normal;
        normal[n++] = width;
      }
    }

    Separation separation(String measure, double threshold) {
      double[] pos = Arrays.copyOf(ventricular, v);
      double[] neg = Arrays.copyOf(normal, n);
      Arrays.sort(pos);
      Arrays.sort(neg);
      long tp = Arrays.stream(pos).filter(w -> w >= threshold).count();
      long tn = Arrays.stream(neg).filter(w -> w < threshold).count();
      return new Separation(measure, v, n, auc(pos, neg), threshold, tp / (double) Math.max(1, v), tn / (double) Math.max(1, n),
          median(pos), median(neg));
    }

    /** Mann-Whitney AUC, ties counted half, from sorted arrays. */
    private static double auc(double[] pos, double[] neg) {
      double sum = 0;
      int below = 0;
      int equalEnd = 0;
      for (double p : pos) {
        while (below < neg.length && neg[below] < p) {
          below++;
        }
        equalEnd = Math.max(equalEnd, below);
        while (equalEnd < neg.length && neg[equalEnd] == p) {
          equalEnd++;
        }
        sum += below + 0.5 * (equalEnd - below);
      }
      return sum / ((double) pos.length * neg.length);
    }

    private static double median(double[] sorted) {
      int k = sorted.length;
      return k == 0 ? Double.NaN : k % 2 == 1 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
    }
  }
}
