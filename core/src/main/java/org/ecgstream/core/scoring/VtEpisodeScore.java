package org.ecgstream.core.scoring;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.ecgstream.core.rhythm.PatientRhythm;
import org.ecgstream.core.rhythm.RhythmListener;
import org.ecgstream.core.rhythm.RhythmSettings;
import org.ecgstream.core.wfdb.Annotation;
import org.ecgstream.core.wfdb.AnnotationReader;
import org.ecgstream.core.wfdb.WfdbFormatException;
import org.ecgstream.core.wfdb.WfdbRecord;

/**
 * Scores the streaming VT detector ({@link PatientRhythm} on every lead of a record, fed in 250 ms
 * blocks, rhythm lead MLII where present) episode by episode against the reference rhythm
 * annotations of a WFDB database such as MIT-BIH: a {@code (VT} rhythm annotation opens an
 * episode, the next rhythm annotation closes it.
 *
 * <p>An annotated episode is detected when a VT alarm is on at some time from its onset to
 * {@link #TOLERANCE_SECONDS} after its end; the delay is from its onset to the alarm's start (0
 * when the alarm was already on). An alarm that starts outside every annotated episode (widened by
 * the same tolerance either side) is false, unless it starts in a ventricular flutter or
 * fibrillation episode ({@code [} to {@code ]}, or a {@code (VFL} rhythm, same tolerance): a VT
 * alarm there is a ventricular tachyarrhythmia alarm before VF is confirmed, counted apart as a
 * flutter alarm. Episodes whose annotated rate (over their RR intervals,
 * the coupling interval included) is at or below the rate limit are counted apart as "slow": the
 * annotators called them VT, the detector's definition does not.
 *
 * <p>The same run also counts pauses: annotated RR intervals of at least the pause limit, pauses
 * reported, and reported pauses that match no annotated RR interval (its end within
 * {@link #PAUSE_MATCH_SECONDS} of the pause's end beat and of at least the limit less that), and
 * scores the per-beat ventricular judgement ({@code RhythmListener.beatWidth}) against the V beat
 * labels the EC57 way: from minute 5, each reference beat matched to the nearest detected beat
 * within 150 ms; a V beat judged ventricular is a true positive, one judged otherwise or not
 * detected a false negative, any other beat judged ventricular a false positive. EC57 leaves the
 * paced records (MIT-BIH 102, 104, 107, 217) out of this; {@link Result#ventricularBeats} does too.
 */
public final class VtEpisodeScore {

  /** Annotation and detection times are this far apart at most and still match. */
  public static final double TOLERANCE_SECONDS = 1.0;
  static final double BLOCK_SECONDS = 0.25;
  public static final double PAUSE_MATCH_SECONDS = 0.2;

  /** One annotated VT episode and what became of it. */
  public record Episode(double onsetSeconds, double endSeconds, int beats, double annotatedRateBpm, boolean detected,
      double delaySeconds) {}

  /** One record's result. */
  public record RecordResult(String record, double hours, List<Episode> episodes, int alarms, int flutterAlarms,
      int falseAlarms, List<Double> falseAlarmSeconds, Pauses pauses, VentricularBeats ventricularBeats) {
    public int detected() {
      return (int) episodes.stream().filter(Episode::detected).count();
    }

    public int missed() {
      return episodes.size() - detected();
    }
  }

  /** Ventricular beat judgement against the V labels of one record or the database. */
  public record VentricularBeats(long truePositives, long falseNegatives, long falsePositives) {
    public double sensitivity() {
      return truePositives / (double) Math.max(1, truePositives + falseNegatives);
    }

    public double positivePredictivity() {
      return truePositives / (double) Math.max(1, truePositives + falsePositives);
    }
  }

  /** Records EC57 leaves out of ventricular beat scoring because they are paced. */
  public static final java.util.Set<String> PACED_RECORDS = java.util.Set.of("102", "104", "107", "217");

  /** Pauses of one record: annotated RR intervals of at least the limit, reported pauses, and reported ones matching none. */
  public record Pauses(int annotated, int reported, int unmatched) {}

  /** The whole database. */
  public record Result(List<RecordResult> records, double rateLimitBpm) {
    public int episodes() {
      return records.stream().mapToInt(r -> r.episodes().size()).sum();
    }

    public int detected() {
      return records.stream().mapToInt(RecordResult::detected).sum();
    }

    /** Annotated episodes faster than the rate limit, and how many of those were detected. */
    public int fastEpisodes() {
      return (int) all().filter(e -> e.annotatedRateBpm() > rateLimitBpm).count();
    }

    public int fastDetected() {
      return (int) all().filter(e -> e.annotatedRateBpm() > rateLimitBpm && e.detected()).count();
    }

    public int falseAlarms() {
      return records.stream().mapToInt(RecordResult::falseAlarms).sum();
    }

    public int flutterAlarms() {
      return records.stream().mapToInt(RecordResult::flutterAlarms).sum();
    }

    public double hours() {
      return records.stream().mapToDouble(RecordResult::hours).sum();
    }

    public double grossSensitivity() {
      return detected() / (double) Math.max(1, episodes());
    }

    public double falseAlarmsPerHour() {
      return falseAlarms() / Math.max(1e-9, hours());
    }

    /** Median delay from onset to alarm over the detected episodes, NaN when none. */
    public double medianDelaySeconds() {
      double[] d = all().filter(Episode::detected).mapToDouble(Episode::delaySeconds).sorted().toArray();
      return d.length == 0 ? Double.NaN : d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
    }

    /** Gross ventricular beat judgement over the records that are not paced. */
    public VentricularBeats ventricularBeats() {
      List<VentricularBeats> scored = records.stream().filter(r -> !PACED_RECORDS.contains(r.record()))
          .map(RecordResult::ventricularBeats).toList();
      return new VentricularBeats(scored.stream().mapToLong(VentricularBeats::truePositives).sum(),
          scored.stream().mapToLong(VentricularBeats::falseNegatives).sum(),
          scored.stream().mapToLong(VentricularBeats::falsePositives).sum());
    }

    public Pauses pauses() {
      return new Pauses(records.stream().mapToInt(r -> r.pauses().annotated()).sum(),
          records.stream().mapToInt(r -> r.pauses().reported()).sum(),
          records.stream().mapToInt(r -> r.pauses().unmatched()).sum());
    }

    private java.util.stream.Stream<Episode> all() {
      return records.stream().flatMap(r -> r.episodes().stream());
    }
  }

  private VtEpisodeScore() {}

  /** Scores every annotated record of {@code database} whose name passes {@code include}. */
  public static Result score(Path database, RhythmSettings settings, Predicate<String> include,
      Consumer<RecordResult> progress) throws WfdbFormatException {
    List<RecordResult> results = new ArrayList<>();
    for (String name : QrsDatabaseScore.recordNames(database)) {
      if (!include.test(name)) {
        continue;
      }
      RecordResult result = scoreRecord(database, name, settings);
      results.add(result);
      progress.accept(result);
    }
    return new Result(results, settings.vtRateBpm());
  }

  static RecordResult scoreRecord(Path database, String name, RhythmSettings settings) throws WfdbFormatException {
    WfdbRecord record = WfdbRecord.read(database, name);
    double fs = record.samplingFrequencyHz();
    List<Annotation> annotations = AnnotationReader.read(database, name, "atr");
    List<double[]> pauses = new ArrayList<>();
    List<long[]> judgedBeats = new ArrayList<>();
    List<double[]> alarms = detectedVt(record, settings, pauses, judgedBeats);
    List<double[]> reference = annotatedVt(annotations, record.length(), fs);

    List<Episode> episodes = new ArrayList<>();
    for (double[] ep : reference) {
      Episode scored = new Episode(ep[0], ep[1], (int) ep[2], ep[3], false, Double.NaN);
      for (double[] alarm : alarms) {
        if (alarm[0] <= ep[1] + TOLERANCE_SECONDS && alarm[1] >= ep[0]) {
          scored = new Episode(ep[0], ep[1], (int) ep[2], ep[3], true, Math.max(0, alarm[0] - ep[0]));
          break;
        }
      }
      episodes.add(scored);
    }
    List<double[]> flutter = flutter(annotations, record.length(), fs);
    List<Double> falseStarts = new ArrayList<>();
    int flutterAlarms = 0;
    for (double[] alarm : alarms) {
      if (within(alarm[0], reference)) {
        continue;
      }
      if (within(alarm[0], flutter)) {
        flutterAlarms++;
      } else {
        falseStarts.add(alarm[0]);
      }
    }
    return new RecordResult(name, record.length() / fs / 3600, episodes, alarms.size(), flutterAlarms,
        falseStarts.size(), falseStarts, pauses(annotations, pauses, settings.pauseMillis() / 1000.0, fs),
        ventricularBeats(annotations, judgedBeats, fs));
  }

  private static VentricularBeats ventricularBeats(List<Annotation> annotations, List<long[]> judged, double fs) {
    long window = Math.round(BeatMatcher.MATCH_WINDOW_SECONDS * fs);
    long start = Math.round(BeatMatcher.SCORING_START_SECONDS * fs);
    long tp = 0;
    long fn = 0;
    long fp = 0;
    int k = 0;
    for (Annotation a : annotations) {
      if (!a.isBeat() || a.sample() < start) {
        continue;
      }
      while (k + 1 < judged.size() && Math.abs(judged.get(k + 1)[0] - a.sample()) <= Math.abs(judged.get(k)[0] - a.sample())) {
        k++;
      }
      boolean matched = k < judged.size() && Math.abs(judged.get(k)[0] - a.sample()) <= window;
      boolean ventricular = matched && judged.get(k)[1] == 1;
      if (a.mnemonic().equals("V")) {
        if (ventricular) {
          tp++;
        } else {
          fn++;
        }
      } else if (ventricular) {
        fp++;
      }
    }
    return new VentricularBeats(tp, fn, fp);
  }

  private static Pauses pauses(List<Annotation> annotations, List<double[]> reported, double limitSeconds, double fs) {
    List<double[]> annotated = new ArrayList<>();
    long previous = -1;
    for (Annotation a : annotations) {
      if (a.isBeat()) {
        if (previous >= 0 && a.sample() - previous >= (limitSeconds - PAUSE_MATCH_SECONDS) * fs) {
          annotated.add(new double[] {previous / fs, a.sample() / fs});
        }
        previous = a.sample();
      }
    }
    int unmatched = 0;
    for (double[] p : reported) {
      if (annotated.stream().noneMatch(rr -> Math.abs(rr[1] - p[0]) <= PAUSE_MATCH_SECONDS)) {
        unmatched++;
      }
    }
    int atLimit = (int) annotated.stream().filter(rr -> rr[1] - rr[0] >= limitSeconds).count();
    return new Pauses(atLimit, reported.size(), unmatched);
  }

  private static boolean within(double seconds, List<double[]> episodes) {
    return episodes.stream().anyMatch(ep -> seconds >= ep[0] - TOLERANCE_SECONDS && seconds <= ep[1] + TOLERANCE_SECONDS);
  }

  /** Ventricular flutter or fibrillation as [onset s, end s]: {@code [} to {@code ]} and {@code (VFL} rhythm episodes. */
  static List<double[]> flutter(List<Annotation> annotations, long recordLength, double fs) {
    List<double[]> out = new ArrayList<>();
    for (long[] iv : QrsDatabaseScore.flutterIntervals(annotations, recordLength)) {
      out.add(new double[] {iv[0] / fs, iv[1] / fs});
    }
    out.addAll(rhythmEpisodes(annotations, recordLength, fs, "VFL"));
    return out;
  }

  /**
   * VT alarms as [start, end] seconds, from streaming every lead through {@link PatientRhythm};
   * reported pauses go to {@code pauses} as [end s, RR s], every beat's judgement to {@code judged}
   * as [sample, 1 when ventricular].
   */
  static List<double[]> detectedVt(WfdbRecord record, RhythmSettings settings, List<double[]> pauses, List<long[]> judged) {
    int fs = (int) Math.round(record.samplingFrequencyHz());
    int leadCount = record.signalCount();
    float[][] leads = new float[leadCount][];
    for (int i = 0; i < leadCount; i++) {
      leads[i] = record.physical(i);
    }
    PatientRhythm rhythm = new PatientRhythm(fs, leadCount, QrsDatabaseScore.scoredSignal(record), settings);
    List<double[]> alarms = new ArrayList<>();
    RhythmListener listener = new RhythmListener() {
      @Override
      public void ventricularTachycardiaStarted(long sample, int beats, double rateBpm) {
        alarms.add(new double[] {sample / (double) fs, Double.POSITIVE_INFINITY});
      }

      @Override
      public void ventricularTachycardiaEnded(long sample) {
        alarms.get(alarms.size() - 1)[1] = sample / (double) fs;
      }

      @Override
      public void beatWidth(long sample, double qrsWidthMillis, boolean ventricular) {
        judged.add(new long[] {sample, ventricular ? 1 : 0});
      }

      @Override
      public void pause(long sample, long rrMillis) {
        pauses.add(new double[] {sample / (double) fs, rrMillis / 1000.0});
      }
    };
    int block = (int) Math.round(BLOCK_SECONDS * fs);
    float[][] chunk = new float[leadCount][];
    for (int from = 0; from < leads[0].length; from += block) {
      int to = Math.min(leads[0].length, from + block);
      for (int i = 0; i < leadCount; i++) {
        chunk[i] = Arrays.copyOfRange(leads[i], from, to);
      }
      rhythm.accept(chunk, listener);
    }
    return alarms;
  }

  /** Annotated VT episodes as [onset s, end s, beats, rate bpm]. */
  static List<double[]> annotatedVt(List<Annotation> annotations, long recordLength, double fs) {
    return rhythmEpisodes(annotations, recordLength, fs, "VT");
  }

  /** Episodes of one annotated rhythm as [onset s, end s, beats, rate bpm]. */
  static List<double[]> rhythmEpisodes(List<Annotation> annotations, long recordLength, double fs, String wanted) {
    List<double[]> out = new ArrayList<>();
    long onset = -1;
    for (int k = 0; k <= annotations.size(); k++) {
      Annotation a = k < annotations.size() ? annotations.get(k) : null;
      String rhythm = a == null ? "" : a.rhythm();
      if (rhythm == null) {
        continue;
      }
      if (onset >= 0) {
        long end = a == null ? recordLength : a.sample();
        out.add(episode(annotations, onset, end, fs));
        onset = -1;
      }
      if (rhythm.equals(wanted)) {
        onset = a.sample();
      }
    }
    return out;
  }

  private static double[] episode(List<Annotation> annotations, long onset, long end, double fs) {
    long previous = -1;
    long first = -1;
    long last = -1;
    int beats = 0;
    for (Annotation a : annotations) {
      if (!a.isBeat()) {
        continue;
      }
      if (a.sample() < onset) {
        previous = a.sample();
      } else if (a.sample() < end) {
        first = first < 0 ? a.sample() : first;
        last = a.sample();
        beats++;
      }
    }
    long from = previous >= 0 ? previous : first;
    int intervals = previous >= 0 ? beats : beats - 1;
    double rate = intervals > 0 && last > from ? 60.0 * fs * intervals / (last - from) : 0;
    return new double[] {onset / fs, end / fs, beats, rate};
  }
}
