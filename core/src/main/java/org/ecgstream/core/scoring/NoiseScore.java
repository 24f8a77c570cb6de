package org.ecgstream.core.scoring;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ecgstream.core.quality.LeadNoiseIndex;
import org.ecgstream.core.quality.LeadQuality;
import org.ecgstream.core.qrs.PanTompkinsDetector;
import org.ecgstream.core.rhythm.PatientRhythm;
import org.ecgstream.core.rhythm.RhythmListener;
import org.ecgstream.core.rhythm.RhythmSettings;
import org.ecgstream.core.wfdb.Annotation;
import org.ecgstream.core.wfdb.AnnotationReader;
import org.ecgstream.core.wfdb.WfdbFormatException;
import org.ecgstream.core.wfdb.WfdbRecord;

/**
 * Scores the patient NOISE condition ({@link PatientRhythm} on every lead of a record, fed in 250 ms
 * blocks, as the job feeds it) against where noise is known to be:
 * <ul>
 *   <li>{@link #noiseStress}: MIT-BIH Noise Stress Test records (118e24, 118e12, 118e00 ...), where
 *       noise was added from minute 5 in 2-minute segments alternating with 2 clean minutes (NSTDB
 *       README). Per record: noisy segments flagged at all, the share of noisy time flagged and the
 *       share of clean time flagged.
 *   <li>{@link #annotatedNoise}: records with signal-quality annotations ({@code ~}, subtype: which
 *       signals are noisy or unreadable; MIT-BIH). Per record: NOISE time, the part of it outside
 *       annotated noise, NOISE episodes, and false episodes (overlapping no annotated noise).
 * </ul>
 * The condition is judged on the last 10 s ending 2 s back and needs 5 noisy seconds to start and
 * 10 clean ones to end, so a second of signal is compared with the condition as it stood
 * {@link #DELAY_SECONDS} later; the first {@link #SETTLE_SECONDS} after the end of a noisy segment
 * or annotation belong to neither side.
 */
public final class NoiseScore {

  /** The condition at t + this describes the signal at t (2 s lag + up to 8 s to reach 5 noisy seconds). */
  public static final int DELAY_SECONDS = 10;
  /** After noise ends, this long is neither noisy nor clean time (10 s window + 10 clean seconds). */
  public static final int SETTLE_SECONDS = 20;
  static final double BLOCK_SECONDS = 0.25;
  /** NSTDB: noise from this second on, alternating noisy and clean segments of {@link #NSTDB_SEGMENT_SECONDS}. */
  public static final int NSTDB_NOISE_FROM_SECONDS = 300;
  public static final int NSTDB_SEGMENT_SECONDS = 120;

  /** One NSTDB record's result; shares are of seconds. */
  public record StressResult(String record, int noisySegments, int segmentsFlagged, double noisyShareFlagged,
      double cleanShareFlagged, double[] leadNoisyShareFlagged, double[] leadCleanShareFlagged, List<Double> asystoleSeconds) {}

  /** One annotated record's result, in seconds. */
  public record AnnotatedResult(String record, double hours, long annotatedNoiseSeconds, long noiseSeconds,
      long noiseSecondsOutsideAnnotations, int episodes, int falseEpisodes) {}

  /** Per second of a record: the patient condition and each lead's state (as known at that second). */
  record Timeline(int seconds, boolean[] patient, boolean[][] leads, int episodes, List<int[]> episodeSpans,
      List<Double> asystoleSeconds) {}

  private NoiseScore() {}

  /** NSTDB records, by name, from {@code database}. */
  public static List<StressResult> noiseStress(Path database, List<String> records) throws WfdbFormatException {
    List<StressResult> results = new ArrayList<>();
    for (String name : records) {
      WfdbRecord record = WfdbRecord.read(database, name);
      results.add(stressResult(name, timeline(leads(record), (int) Math.round(record.samplingFrequencyHz()),
          QrsDatabaseScore.scoredSignal(record))));
    }
    return results;
  }

  /**
   * A noise stress test made here the way WFDB's {@code nst} makes NSTDB (its standard protocol and
   * calibration, nst.c): noise signal {@code i % n} of {@code noiseRecord} (e.g. NSTDB's {@code ma},
   * muscle, or {@code bw}, baseline wander) added to signal {@code i} of the clean {@code record} from
   * minute 5, 2 minutes on, 2 off, scaled so that its RMS is the clean signal's QRS peak-to-peak
   * amplitude x sqrt(2)/4 x 10^(-SNR/20) (the SNR of a sinusoid of that peak-to-peak amplitude).
   * QRS amplitude: the 5-95% trimmed mean of the peak-to-peak amplitude 50 ms either side of the
   * normal beats (N, L, R, e, j); noise RMS: the trimmed mean of the RMS of its 1 s pieces. Both records
   * must have the same sample rate; the noise is repeated when shorter. Nothing is written to disk.
   */
  public static StressResult mixedStress(Path cleanDatabase, String record, Path noiseDatabase, String noiseRecord, double snrDb)
      throws WfdbFormatException {
    WfdbRecord clean = WfdbRecord.read(cleanDatabase, record);
    float[][] leads = nstMix(clean, cleanDatabase, record, noiseDatabase, noiseRecord, snrDb);
    String name = String.format(java.util.Locale.ROOT, "%s+%s@%sdB", record, noiseRecord,
        snrDb == Math.rint(snrDb) ? String.valueOf((long) snrDb) : String.valueOf(snrDb));
    return stressResult(name, timeline(leads, (int) Math.round(clean.samplingFrequencyHz()), QrsDatabaseScore.scoredSignal(clean)));
  }

  /**
   * The signals of {@code record} (mV, one array per signal) with the noise of {@code noiseRecord}
   * added as {@link #mixedStress} describes: from minute 5, 2 minutes on, 2 off, at {@code snrDb}.
   */
  public static float[][] nstMix(Path cleanDatabase, String record, Path noiseDatabase, String noiseRecord, double snrDb)
      throws WfdbFormatException {
    return nstMix(WfdbRecord.read(cleanDatabase, record), cleanDatabase, record, noiseDatabase, noiseRecord, snrDb);
  }

  /** {@link #nstMix(Path, String, Path, String, double)} of {@code clean}, already read from {@code cleanDatabase}. */
  private static float[][] nstMix(WfdbRecord clean, Path cleanDatabase, String record, Path noiseDatabase, String noiseRecord,
      double snrDb) throws WfdbFormatException {
    WfdbRecord noise = WfdbRecord.read(noiseDatabase, noiseRecord);
    int fs = (int) Math.round(clean.samplingFrequencyHz());
    if (Math.round(noise.samplingFrequencyHz()) != fs) {
      throw new WfdbFormatException(noiseRecord + " is sampled at " + noise.samplingFrequencyHz() + " Hz, " + record + " at " + fs
          + " Hz: mix records of the same rate (NSTDB's noise records and MIT-BIH are both 360 Hz)");
    }
    List<Annotation> annotations = AnnotationReader.read(cleanDatabase, record, "atr");
    float[][] leads = leads(clean);
    for (int l = 0; l < leads.length; l++) {
      float[] n = noise.physical(l % noise.signalCount());
      double gain = qrsPeakToPeak(leads[l], annotations, fs) * Math.sqrt(2) / 4 * Math.pow(10, -snrDb / 20) / rms(n, fs);
      for (int i = 0; i < leads[l].length; i++) {
        if (nstNoisy(i / fs)) {
          leads[l][i] += (float) (gain * n[i % n.length]);
        }
      }
    }
    return leads;
  }

  /** Whether second {@code s} of an NSTDB-style stress test carries noise: from minute 5, 2 minutes on, 2 off. */
  public static boolean nstNoisy(int s) {
    return s >= NSTDB_NOISE_FROM_SECONDS && ((s - NSTDB_NOISE_FROM_SECONDS) / NSTDB_SEGMENT_SECONDS) % 2 == 0;
  }

  /** Beats WFDB's {@code map1} calls normal (N, bundle branch blocks, escapes), whose size calibrates the noise. */
  private static final java.util.Set<String> NORMAL_BEATS = java.util.Set.of("N", "L", "R", "e", "j");

  /** The trimmed (5-95%) mean peak-to-peak amplitude 50 ms either side of the normal beats. */
  static double qrsPeakToPeak(float[] signal, List<Annotation> annotations, int fs) {
    int half = Math.round(0.05f * fs);
    List<Double> amplitudes = new ArrayList<>();
    for (Annotation a : annotations) {
      if (!NORMAL_BEATS.contains(a.mnemonic()) || a.sample() < half || a.sample() + half >= signal.length) {
        continue;
      }
      float min = Float.POSITIVE_INFINITY;
      float max = Float.NEGATIVE_INFINITY;
      for (int i = (int) a.sample() - half; i <= a.sample() + half; i++) {
        min = Math.min(min, signal[i]);
        max = Math.max(max, signal[i]);
      }
      if (max >= min) {
        amplitudes.add((double) (max - min));
      }
    }
    return trimmedMean(amplitudes);
  }

  /** The trimmed (5-95%) mean RMS of the 1 s pieces of {@code signal}, each less its own mean. */
  static double rms(float[] signal, int fs) {
    List<Double> pieces = new ArrayList<>();
    for (int from = 0; from + fs <= signal.length; from += fs) {
      double sum = 0;
      double squares = 0;
      for (int i = from; i < from + fs; i++) {
        sum += signal[i];
        squares += (double) signal[i] * signal[i];
      }
      pieces.add(Math.sqrt(Math.max(0, squares / fs - (sum / fs) * (sum / fs))));
    }
    return trimmedMean(pieces);
  }

  private static double trimmedMean(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("nothing to measure (no normal beats, or a record shorter than a second)");
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int cut = sorted.size() / 20;
    return sorted.subList(cut, sorted.size() - cut).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  private static StressResult stressResult(String name, Timeline t) {
    boolean[] noisyTruth = new boolean[t.seconds()];
    boolean[] cleanTruth = new boolean[t.seconds()];
    for (int s = 0; s < t.seconds(); s++) {
      boolean noisy = nstNoisy(s);
      noisyTruth[s] = noisy;
      int sinceNoise = s < NSTDB_NOISE_FROM_SECONDS + NSTDB_SEGMENT_SECONDS ? Integer.MAX_VALUE
          : (s - NSTDB_NOISE_FROM_SECONDS) % (2 * NSTDB_SEGMENT_SECONDS) - NSTDB_SEGMENT_SECONDS;
      cleanTruth[s] = !noisy && sinceNoise >= SETTLE_SECONDS;
    }
    int segments = 0;
    int flagged = 0;
    for (int start = NSTDB_NOISE_FROM_SECONDS; start < t.seconds(); start += 2 * NSTDB_SEGMENT_SECONDS) {
      int end = Math.min(t.seconds(), start + NSTDB_SEGMENT_SECONDS);
      if (end - start < DELAY_SECONDS + LeadNoiseIndex.WINDOW_SECONDS) {
        continue;
      }
      segments++;
      if (anyOn(t.patient(), start + DELAY_SECONDS, end + DELAY_SECONDS)) {
        flagged++;
      }
    }
    int leads = t.leads().length;
    double[] leadNoisy = new double[leads];
    double[] leadClean = new double[leads];
    for (int l = 0; l < leads; l++) {
      leadNoisy[l] = share(t.leads()[l], noisyTruth);
      leadClean[l] = share(t.leads()[l], cleanTruth);
    }
    return new StressResult(name, segments, flagged, share(t.patient(), noisyTruth), share(t.patient(), cleanTruth),
        leadNoisy, leadClean, t.asystoleSeconds());
  }

  /** Records with {@code ~} signal-quality annotations in {@code <record>.atr}, by name, from {@code database}. */
  public static List<AnnotatedResult> annotatedNoise(Path database, List<String> records) throws WfdbFormatException {
    List<AnnotatedResult> results = new ArrayList<>();
    for (String name : records) {
      WfdbRecord record = WfdbRecord.read(database, name);
      Timeline t = timeline(leads(record), (int) Math.round(record.samplingFrequencyHz()), QrsDatabaseScore.scoredSignal(record));
      boolean[] annotated = annotatedNoise(AnnotationReader.read(database, name, "atr"), record.samplingFrequencyHz(), t.seconds());
      long annotatedSeconds = 0;
      long noise = 0;
      long outside = 0;
      for (int s = 0; s < t.seconds(); s++) {
        annotatedSeconds += annotated[s] ? 1 : 0;
        if (t.patient()[s]) {
          noise++;
          if (!annotatedAround(annotated, s)) {
            outside++;
          }
        }
      }
      int falseEpisodes = 0;
      for (int[] span : t.episodeSpans()) {
        boolean explained = false;
        for (int s = span[0]; s <= span[1] && !explained; s++) {
          explained = annotatedAround(annotated, s);
        }
        falseEpisodes += explained ? 0 : 1;
      }
      results.add(new AnnotatedResult(name, record.length() / record.samplingFrequencyHz() / 3600, annotatedSeconds, noise,
          outside, t.episodes(), falseEpisodes));
    }
    return results;
  }

  /**
   * Nanoseconds per sample per lead of the noise index alone ({@link LeadNoiseIndex} fed the
   * record's samples and its Pan-Tompkins beats, which the rhythm analysis finds anyway) and of the
   * whole rhythm analysis with it, over {@code passes} passes of every lead of {@code record}.
   */
  public static double[] costNanosPerSample(Path database, String name, int passes) throws WfdbFormatException {
    WfdbRecord record = WfdbRecord.read(database, name);
    int fs = (int) Math.round(record.samplingFrequencyHz());
    int block = (int) Math.round(BLOCK_SECONDS * fs);
    float[][] leads = leads(record);
    long[][] beats = new long[leads.length][];
    for (int l = 0; l < leads.length; l++) {
      List<Long> found = new ArrayList<>();
      PanTompkinsDetector qrs = new PanTompkinsDetector(fs);
      qrs.accept(leads[l], found::add);
      beats[l] = found.stream().mapToLong(Long::longValue).toArray();
    }
    float[][][] blocks = blocks(leads, block);
    long samples = (long) leads.length * leads[0].length;
    long noiseNanos = Long.MAX_VALUE;
    long rhythmNanos = Long.MAX_VALUE;
    for (int pass = 0; pass < passes; pass++) {
      long start = System.nanoTime();
      for (int l = 0; l < leads.length; l++) {
        LeadNoiseIndex index = new LeadNoiseIndex(fs);
        int k = 0;
        long fed = 0;
        for (float[][] b : blocks) {
          // Beats reach the index as the detector would report them: before the block that follows them.
          while (k < beats[l].length && beats[l][k] < fed) {
            index.referenceBeat(beats[l][k++]);
          }
          index.accept(b[l]);
          fed += b[l].length;
        }
      }
      noiseNanos = Math.min(noiseNanos, System.nanoTime() - start);
      start = System.nanoTime();
      PatientRhythm rhythm = new PatientRhythm(fs, leads.length, 0, RhythmSettings.defaults());
      RhythmListener none = new RhythmListener() {};
      for (float[][] b : blocks) {
        rhythm.accept(b, none);
      }
      rhythmNanos = Math.min(rhythmNanos, System.nanoTime() - start);
    }
    return new double[] {noiseNanos / (double) samples, rhythmNanos / (double) samples};
  }

  static Timeline timeline(float[][] leads, int fs, int rhythmLead) {
    int seconds = leads[0].length / fs;
    boolean[] patient = new boolean[seconds];
    boolean[][] perLead = new boolean[leads.length][seconds];
    List<int[]> spans = new ArrayList<>();
    PatientRhythm rhythm = new PatientRhythm(fs, leads.length, rhythmLead, RhythmSettings.defaults());
    int[] episodes = {0};
    List<Double> asystole = new ArrayList<>();
    RhythmListener listener = new RhythmListener() {
      @Override
      public void asystoleStarted(long sample, long lastBeat) {
        // Every stress record has a beating heart: any asystole is false, and worth a look.
        asystole.add(sample / (double) fs);
      }

      @Override
      public void noiseStarted(long sample, List<LeadQuality> quality) {
        episodes[0]++;
        spans.add(new int[] {(int) (sample / fs), seconds - 1});
      }

      @Override
      public void noiseEnded(long sample, List<LeadQuality> quality) {
        spans.get(spans.size() - 1)[1] = (int) (sample / fs);
      }
    };
    int block = (int) Math.round(BLOCK_SECONDS * fs);
    long fed = 0;
    for (float[][] b : blocks(leads, block)) {
      rhythm.accept(b, listener);
      fed += b[0].length;
      int second = (int) ((fed - 1) / fs);
      if (second < seconds) {
        patient[second] |= rhythm.noisy();
        List<LeadQuality> q = rhythm.quality();
        for (int l = 0; l < leads.length; l++) {
          perLead[l][second] |= q.get(l).noisy() && q.get(l).usable();
        }
      }
    }
    return new Timeline(seconds, patient, perLead, episodes[0], spans, asystole);
  }

  /** Seconds with noise annotated on any signal: {@code ~} with a non-zero subtype until the next {@code ~}. */
  static boolean[] annotatedNoise(List<Annotation> annotations, double fs, int seconds) {
    boolean[] noisy = new boolean[seconds];
    boolean state = false;
    long from = 0;
    for (Annotation a : annotations) {
      if (!"~".equals(a.mnemonic())) {
        continue;
      }
      if (state) {
        mark(noisy, from / fs, a.sample() / fs);
      }
      state = a.subtype() != 0;
      from = a.sample();
    }
    if (state) {
      mark(noisy, from / fs, seconds);
    }
    return noisy;
  }

  private static void mark(boolean[] seconds, double from, double to) {
    for (int s = (int) Math.floor(from); s < Math.min(seconds.length, Math.ceil(to)); s++) {
      seconds[s] = true;
    }
  }

  /** Whether noise was annotated in the signal the condition at second {@code s} can describe. */
  private static boolean annotatedAround(boolean[] annotated, int s) {
    for (int k = Math.max(0, s - DELAY_SECONDS - SETTLE_SECONDS); k <= s && k < annotated.length; k++) {
      if (annotated[k]) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyOn(boolean[] states, int from, int to) {
    for (int s = from; s < Math.min(states.length, to); s++) {
      if (states[s]) {
        return true;
      }
    }
    return false;
  }

  /** Share of the seconds {@code truth} marks whose state {@link #DELAY_SECONDS} later is on. */
  private static double share(boolean[] states, boolean[] truth) {
    long count = 0;
    long on = 0;
    for (int s = 0; s + DELAY_SECONDS < states.length; s++) {
      if (truth[s]) {
        count++;
        on += states[s + DELAY_SECONDS] ? 1 : 0;
      }
    }
    return count == 0 ? Double.NaN : on / (double) count;
  }

  private static float[][] leads(WfdbRecord record) {
    float[][] leads = new float[record.signalCount()][];
    for (int i = 0; i < leads.length; i++) {
      leads[i] = record.physical(i);
    }
    return leads;
  }

  private static float[][][] blocks(float[][] leads, int block) {
    int count = (leads[0].length + block - 1) / block;
    float[][][] blocks = new float[count][leads.length][];
    for (int k = 0; k < count; k++) {
      int from = k * block;
      int to = Math.min(leads[0].length, from + block);
      for (int l = 0; l < leads.length; l++) {
        blocks[k][l] = Arrays.copyOfRange(leads[l], from, to);
      }
    }
    return blocks;
  }
}
