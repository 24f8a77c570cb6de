package org.ecgstream.core.scoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.ecgstream.core.qrs.PanTompkinsDetector;
import org.ecgstream.core.rhythm.AtrialFibrillationDetector;
import org.ecgstream.core.wfdb.WfdbFormatException;
import org.ecgstream.core.wfdb.WfdbRecord;

/**
 * Scores the streaming AF detector on a labelled set of short recordings in the PhysioNet/CinC
 * Challenge 2017 layout ({@code REFERENCE.csv}: record,label with N normal, A AF, O other rhythm,
 * ~ noisy). A recording counts as AF when the detector judged AF in the majority of its judgements.
 */
public final class AfRecordScore {

  /** One recording: its reference label and what the detector said. */
  public record Judged(String record, String label, boolean judgedAf, int judgements, double meanIrregularity) {}

  /** Confusion counts for one question (AF vs normal, or AF vs everything else). */
  public record Confusion(String question, int truePositives, int falseNegatives, int trueNegatives, int falsePositives) {
    public double sensitivity() {
      return truePositives / (double) Math.max(1, truePositives + falseNegatives);
    }

    public double specificity() {
      return trueNegatives / (double) Math.max(1, trueNegatives + falsePositives);
    }

    public double f1() {
      return 2.0 * truePositives / Math.max(1, 2 * truePositives + falsePositives + falseNegatives);
    }
  }

  private AfRecordScore() {}

  /** Judges every recording listed in {@code REFERENCE.csv} whose index passes {@code include}. */
  public static List<Judged> judge(Path database, java.util.function.IntPredicate include, Consumer<Judged> progress)
      throws WfdbFormatException {
    List<String> lines;
    try {
      lines = Files.readAllLines(database.resolve("REFERENCE.csv"));
    } catch (IOException e) {
      throw new WfdbFormatException(database + ": no REFERENCE.csv with record,label lines (CinC 2017 layout expected)", e);
    }
    List<Judged> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String[] fields = lines.get(i).strip().split(",");
      if (fields.length < 2 || !include.test(i)) {
        continue;
      }
      WfdbRecord record = WfdbRecord.read(database, fields[0]);
      int fs = (int) Math.round(record.samplingFrequencyHz());
      AtrialFibrillationDetector af = new AtrialFibrillationDetector(fs);
      int[] votes = new int[2];
      double[] irregularity = new double[1];
      new PanTompkinsDetector(fs).accept(record.physical(0), beat -> {
        boolean isAf = af.beat(beat);
        if (af.judging()) {
          votes[isAf ? 1 : 0]++;
          irregularity[0] += af.irregularity();
        }
      });
      int judgements = votes[0] + votes[1];
      Judged judged = new Judged(fields[0], fields[1], votes[1] > votes[0], judgements,
          judgements == 0 ? 0 : irregularity[0] / judgements);
      out.add(judged);
      progress.accept(judged);
    }
    return out;
  }

  /** AF against normal rhythm only (O and ~ left out), and AF against all other labels. */
  public static List<Confusion> confusions(List<Judged> judged) {
    return List.of(confusion("AF vs normal", judged, true), confusion("AF vs all", judged, false));
  }

  private static Confusion confusion(String question, List<Judged> judged, boolean normalOnly) {
    int tp = 0;
    int fn = 0;
    int tn = 0;
    int fp = 0;
    for (Judged j : judged) {
      boolean af = j.label().equals("A");
      if (!af && normalOnly && !j.label().equals("N")) {
        continue;
      }
      if (af) {
        if (j.judgedAf()) {
          tp++;
        } else {
          fn++;
        }
      } else if (j.judgedAf()) {
        fp++;
      } else {
        tn++;
      }
    }
    return new Confusion(question, tp, fn, tn, fp);
  }
}
