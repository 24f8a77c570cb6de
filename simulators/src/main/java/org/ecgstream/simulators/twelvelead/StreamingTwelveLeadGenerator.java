package org.ecgstream.simulators.twelvelead;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.schemas.BeatClass;
import org.ecgstream.schemas.Lead;
import org.ecgstream.simulators.synthetic.Conduction;
import org.ecgstream.simulators.synthetic.Ectopy;
import org.ecgstream.simulators.synthetic.Rhythm;

/**
 * The twelve-lead dipole model of {@link TwelveLeadSimulator} generated continuously, frame by
 * frame, for streaming beds: one patient's heart vector (Gaussian P/QRS/T waves in x, y, z after
 * McSharry et al., IEEE TBME 50(3), 2003) projected with the inverse Dower matrix onto I, II and
 * V1..V6, the other limb leads from Einthoven's and Goldberger's relations, following a scripted
 * {@link CardiacTimeline} of rhythms (sinus, AF, flutter, complete AV block, VT, VF, asystole),
 * ectopy (PVCs, bigeminy), conduction (LBBB, RBBB, first-degree AV block), ST shifts and pauses.
 *
 * <p>Beats are scheduled about {@link #LOOKAHEAD_SECONDS} ahead and rendered into a ring buffer
 * of future heart-vector samples, so a beat that straddles a frame boundary is drawn once, whole:
 * the signal is the same however it is cut into frames. Continuous activity (f-waves, flutter
 * waves, VF) is drawn sample by sample with 100 ms fades, so a rhythm change leaves no step.
 * Deterministic for a seed. Output in millivolts, without sensor noise (the bed adds it).
 */
public final class StreamingTwelveLeadGenerator {

  /** Receives each beat's R-peak sample (since the first sample) and class once the sample has been generated. */
  @FunctionalInterface
  public interface BeatListener {
    void beat(long rPeakSample, BeatClass beatClass);
  }

  /** How far ahead of the samples being generated beats are scheduled; covers the longest P-to-R and PVC coupling. */
  static final double LOOKAHEAD_SECONDS = 1.5;
  /** Longest a beat's waves reach past its schedule time (T wave at slow rates, ST plateau tail). */
  private static final double RING_SECONDS = 6.0;
  private static final double ARREST_STEP_SECONDS = 0.05;
  private static final double FADE_SECONDS = 0.1;
  /** Atrial rate of complete AV block: the sinus node goes on at its own pace. */
  private static final double BLOCKED_ATRIAL_BPM = 78;
  /** Escape rhythms below this rate come from the ventricles (wide QRS), at or above from the junction. */
  private static final double JUNCTIONAL_ESCAPE_MIN_BPM = 40;
  private static final double FLUTTER_ATRIAL_BPM = 300;
  /** ST injury vector, scaled so that lead II shows exactly the scripted shift (V4 about 1.4 times, as the beat-train model). */
  private static final Vector3 ST_VECTOR = stVector();

  private final int sampleRateHz;
  private final CardiacTimeline timeline;
  private final List<Lead> leads;
  private final int[] leadIndex;
  /** Draws of the beat schedule; separate from {@link #noise} so the signal does not depend on how it is cut into frames. */
  private final SplittableRandom random;
  /** Draws of the sample-by-sample activity (f-waves). */
  private final SplittableRandom noise;

  private final HeartModel normal;
  private final HeartModel leftBlock;
  private final HeartModel rightBlock;
  private final BeatMorphology ventricularEctopic;
  private final BeatMorphology ventricularEscape;
  private final double patientPrSeconds;
  private final double respirationHz;
  private final double respirationPhase;

  private final double[][] ring;
  private final int ringMask;
  private final float[] twelve = new float[12];
  private final double[] independent = new double[DowerLeadVectors.INDEPENDENT];
  private final double[][] dower = new double[DowerLeadVectors.INDEPENDENT][];
  private final ArrayDeque<long[]> pendingBeats = new ArrayDeque<>();

  private long sampleIndex;
  // Scheduler.
  private double cursorSeconds;
  private double lastRSeconds = Double.NaN;
  private double blockedAtrialSeconds = Double.NaN;
  private boolean lastWasEctopic;
  // State cache for the sample loop.
  private CardiacState sampleState;
  private long sampleStateUntilMillis = -1;
  // Continuous activity.
  private double afEnvelope;
  private double flutterEnvelope;
  private double vfEnvelope;
  private final double[] afPhase = new double[2];
  private final double[] afFm = new double[2];
  private final double[] afAm = new double[2];
  private final Vector3[] afSource = new Vector3[2];
  private final double[] afHz = new double[2];
  private double flutterPhase;
  private double vfPhase;

  public StreamingTwelveLeadGenerator(int sampleRateHz, List<Lead> leads, CardiacTimeline timeline, long seed) {
    if (sampleRateHz < 100 || sampleRateHz > 10_000) {
      throw new IllegalArgumentException("sample rate must be 100..10000 Hz, got " + sampleRateHz);
    }
    if (leads.isEmpty()) {
      throw new IllegalArgumentException("at least one lead is needed");
    }
    this.sampleRateHz = sampleRateHz;
    this.timeline = timeline;
    this.leads = List.copyOf(leads);
    this.leadIndex = new int[this.leads.size()];
    for (int i = 0; i < leadIndex.length; i++) {
      int index = StandardLeads.TWELVE.indexOf(this.leads.get(i));
      if (index < 0) {
        throw new IllegalArgumentException("lead " + this.leads.get(i) + " is not one of the 12 standard leads");
      }
      leadIndex[i] = index;
    }
    this.random = new SplittableRandom(seed);
    this.noise = random.split();
    // One patient: the three conduction variants share the seed, so amplitudes and widths of the
    // patient's waves are drawn alike and only the conduction differs.
    long patientSeed = random.nextLong();
    this.normal = new HeartModel(Scenario.of(Finding.SINUS_RHYTHM), new Random(patientSeed));
    this.leftBlock = new HeartModel(Scenario.of(Finding.SINUS_RHYTHM, Finding.LEFT_BUNDLE_BRANCH_BLOCK), new Random(patientSeed));
    this.rightBlock = new HeartModel(Scenario.of(Finding.SINUS_RHYTHM, Finding.RIGHT_BUNDLE_BRANCH_BLOCK), new Random(patientSeed));
    this.ventricularEctopic = normal.premature();
    this.ventricularEscape = normal.ventricularEscape();
    this.patientPrSeconds = normal.prSeconds();
    this.respirationHz = 0.2 + 0.1 * random.nextDouble();
    this.respirationPhase = 2 * Math.PI * random.nextDouble();
    int capacity = Integer.highestOneBit((int) Math.ceil(RING_SECONDS * sampleRateHz)) * 2;
    this.ring = new double[3][capacity];
    this.ringMask = capacity - 1;
    for (int i = 0; i < DowerLeadVectors.INDEPENDENT; i++) {
      dower[i] = new double[3];
    }
    double[] ex = DowerLeadVectors.project(new Vector3(1, 0, 0));
    double[] ey = DowerLeadVectors.project(new Vector3(0, 1, 0));
    double[] ez = DowerLeadVectors.project(new Vector3(0, 0, 1));
    for (int i = 0; i < DowerLeadVectors.INDEPENDENT; i++) {
      dower[i][0] = ex[i];
      dower[i][1] = ey[i];
      dower[i][2] = ez[i];
    }
    afSource[0] = unit(new Vector3(-0.35, 0.55, -0.45).rotateFrontal(Math.toRadians(20 * random.nextGaussian())));
    afSource[1] = unit(new Vector3(0.2, 0.5, -0.6).rotateHorizontal(Math.toRadians(25 * random.nextGaussian())));
    double dominantHz = 5 + 2 * random.nextDouble();
    afHz[0] = dominantHz;
    afHz[1] = dominantHz * (0.85 + 0.3 * random.nextDouble());
    this.cursorSeconds = 0.1 + 0.3 * random.nextDouble();
  }

  public int sampleRateHz() {
    return sampleRateHz;
  }

  public List<Lead> leads() {
    return leads;
  }

  /** Index of the next sample to be generated, since the first. */
  public long sampleIndex() {
    return sampleIndex;
  }

  /**
   * Generates the next {@code count} samples of every lead, in millivolts, into {@code out[lead][i]},
   * and reports every R peak among them to {@code beats} (may be null), in order.
   */
  public void next(int count, float[][] out, BeatListener beats) {
    int chunk = Math.max(1, (int) (0.25 * sampleRateHz));
    for (int done = 0; done < count; done += chunk) {
      int n = Math.min(chunk, count - done);
      schedule((double) (sampleIndex + n) / sampleRateHz + LOOKAHEAD_SECONDS);
      render(n, out, done, beats);
    }
  }

  // ---------------------------------------------------------------- scheduling

  private void schedule(double horizonSeconds) {
    while (cursorSeconds < horizonSeconds) {
      long cursorMillis = (long) Math.floor(cursorSeconds * 1000);
      long pauseEnd = timeline.pauseEndAt(cursorMillis);
      if (pauseEnd > cursorMillis) {
        // Sinus arrest: no P wave and no QRS until the pause ends; the next beat comes from there.
        cursorSeconds = pauseEnd / 1000.0;
        blockedAtrialSeconds = Double.NaN;
        continue;
      }
      CardiacState state = timeline.stateAt(cursorMillis);
      if (!state.rhythm().beating()) {
        cursorSeconds += ARREST_STEP_SECONDS;
        lastRSeconds = Double.NaN;
        blockedAtrialSeconds = Double.NaN;
        continue;
      }
      double meanRr = 60 / state.bpm();
      if (state.rhythm() != Rhythm.THIRD_DEGREE_AV_BLOCK) {
        blockedAtrialSeconds = Double.NaN;
      }
      if (ectopicNow(state, meanRr)) {
        // A PVC replaces the next conducted beat; the sinus node goes on undisturbed (its P wave is
        // hidden in the PVC), so the pause after it is fully compensatory.
        double coupling = (0.55 + 0.1 * random.nextDouble()) * meanRr;
        // The cursor is at least LOOKAHEAD_SECONDS ahead of the samples generated, so R no earlier than
        // a second before it is still in the future, whatever the frame length.
        double r = Math.max(lastRSeconds + coupling, cursorSeconds - 0.5);
        beat(r, ventricularEctopic, state, BeatClass.VENTRICULAR, meanRr, false);
        lastWasEctopic = true;
        if (state.rhythm() == Rhythm.SINUS) {
          drawP(cursorSeconds);
        }
        cursorSeconds += state.rhythm() == Rhythm.SINUS ? sinusRr(meanRr, cursorSeconds) : meanRr * 1.4;
        continue;
      }
      lastWasEctopic = false;
      switch (state.rhythm()) {
        case SINUS -> {
          double pr = state.prMillis() > 0 ? state.prMillis() / 1000 : patientPrSeconds;
          drawP(cursorSeconds);
          beat(cursorSeconds + pr, conducted(state), state, conductedClass(state), meanRr, true);
          cursorSeconds += sinusRr(meanRr, cursorSeconds);
        }
        case ATRIAL_FIBRILLATION -> {
          // Irregularly irregular: independent log-normal RR intervals, CV about 0.2.
          beat(cursorSeconds, conducted(state), state, conductedClass(state), meanRr, true);
          double sigma = 0.2;
          double rr = meanRr * Math.exp(sigma * random.nextGaussian() - sigma * sigma / 2);
          cursorSeconds += Math.max(Math.max(0.26, 0.45 * meanRr), rr);
        }
        case ATRIAL_FLUTTER -> {
          beat(cursorSeconds, conducted(state), state, conductedClass(state), meanRr, true);
          cursorSeconds += meanRr * (1 + 0.003 * random.nextGaussian());
        }
        case THIRD_DEGREE_AV_BLOCK -> {
          boolean junctional = state.bpm() >= JUNCTIONAL_ESCAPE_MIN_BPM;
          if (Double.isNaN(blockedAtrialSeconds)) {
            blockedAtrialSeconds = cursorSeconds + 0.2 * random.nextDouble();
          }
          double next = cursorSeconds + meanRr * (1 + 0.01 * random.nextGaussian());
          beat(cursorSeconds, junctional ? conducted(state) : ventricularEscape, state,
              junctional ? BeatClass.JUNCTIONAL_ESCAPE : BeatClass.VENTRICULAR_ESCAPE, meanRr, junctional);
          // P waves at the sinus node's own rate, dissociated from the escape beats.
          while (blockedAtrialSeconds < next) {
            drawP(blockedAtrialSeconds);
            blockedAtrialSeconds += 60 / BLOCKED_ATRIAL_BPM * (1 + 0.02 * random.nextGaussian());
          }
          cursorSeconds = next;
        }
        case VENTRICULAR_TACHYCARDIA -> {
          beat(cursorSeconds, ventricularEctopic, state, BeatClass.VENTRICULAR, meanRr, false);
          cursorSeconds += meanRr * (1 + 0.005 * random.nextGaussian());
        }
        default -> throw new IllegalStateException("not a beating rhythm: " + state.rhythm());
      }
    }
  }

  private boolean ectopicNow(CardiacState state, double meanRr) {
    if (state.ectopy() == Ectopy.NONE || lastWasEctopic || Double.isNaN(lastRSeconds)
        || state.rhythm() == Rhythm.VENTRICULAR_TACHYCARDIA || state.rhythm() == Rhythm.THIRD_DEGREE_AV_BLOCK) {
      return false;
    }
    if (state.ectopy() == Ectopy.BIGEMINY) {
      return true;
    }
    // PVCs per minute among beats at this rate (a PVC never follows a PVC).
    return random.nextDouble() < Math.min(0.5, state.pvcPerMinute() * meanRr / 60);
  }

  /** Sinus RR with respiratory sinus arrhythmia, a 0.1 Hz (Mayer wave) component and a little jitter. */
  private double sinusRr(double meanRr, double atSeconds) {
    double respiration = 0.025 * Math.sin(2 * Math.PI * respirationHz * atSeconds + respirationPhase);
    double mayer = 0.01 * Math.sin(2 * Math.PI * 0.1 * atSeconds);
    return meanRr * (1 + respiration + mayer + 0.005 * random.nextGaussian());
  }

  private BeatMorphology conducted(CardiacState state) {
    return switch (state.conduction()) {
      case NORMAL -> normal.conducted();
      case LEFT_BUNDLE_BRANCH_BLOCK -> leftBlock.conducted();
      case RIGHT_BUNDLE_BRANCH_BLOCK -> rightBlock.conducted();
    };
  }

  private static BeatClass conductedClass(CardiacState state) {
    return switch (state.conduction()) {
      case NORMAL -> BeatClass.NORMAL;
      case LEFT_BUNDLE_BRANCH_BLOCK -> BeatClass.LEFT_BUNDLE_BRANCH_BLOCK;
      case RIGHT_BUNDLE_BRANCH_BLOCK -> BeatClass.RIGHT_BUNDLE_BRANCH_BLOCK;
    };
  }

  private void drawP(double centreSeconds) {
    for (HeartVectorWave w : normal.sinusP()) {
      draw(w.shifted(centreSeconds));
    }
  }

  private void beat(double rSeconds, BeatMorphology morphology, CardiacState state, BeatClass beatClass, double meanRr,
      boolean supraventricular) {
    double rr = Double.isNaN(lastRSeconds) ? meanRr : rSeconds - lastRSeconds;
    double breathing = 1 + 0.05 * Math.sin(2 * Math.PI * respirationHz * rSeconds + respirationPhase);
    BeatMorphology m = morphology;
    if (supraventricular && state.stMv() != 0 && state.conduction() == Conduction.NORMAL) {
      m = m.plusRepolarisation(HeartVectorWave.plateau(0.045, 0.2, ST_VECTOR.times(state.stMv())));
    }
    for (HeartVectorWave w : m.wavesFor(rr, breathing)) {
      draw(w.shifted(rSeconds));
    }
    lastRSeconds = rSeconds;
    pendingBeats.addLast(new long[] {Math.round(rSeconds * sampleRateHz), beatClass.ordinal()});
  }

  /** Adds one wave to the ring of future heart-vector samples (never to samples already generated). */
  private void draw(HeartVectorWave wave) {
    long from = Math.max(sampleIndex, (long) Math.ceil(wave.startSeconds() * sampleRateHz));
    long to = Math.min(sampleIndex + ringMask, (long) Math.floor(wave.endSeconds() * sampleRateHz));
    Vector3 a = wave.amplitudeMv();
    for (long k = from; k <= to; k++) {
      double s = wave.shape((double) k / sampleRateHz);
      int slot = (int) (k & ringMask);
      ring[0][slot] += s * a.x();
      ring[1][slot] += s * a.y();
      ring[2][slot] += s * a.z();
    }
  }

  // ---------------------------------------------------------------- sample loop

  private void render(int n, float[][] out, int offset, BeatListener beats) {
    double dt = 1.0 / sampleRateHz;
    double fade = dt / FADE_SECONDS;
    for (int i = 0; i < n; i++) {
      long k = sampleIndex;
      int slot = (int) (k & ringMask);
      double x = ring[0][slot];
      double y = ring[1][slot];
      double z = ring[2][slot];
      ring[0][slot] = 0;
      ring[1][slot] = 0;
      ring[2][slot] = 0;
      Rhythm rhythm = stateAtSample(k).rhythm();
      afEnvelope = approach(afEnvelope, rhythm == Rhythm.ATRIAL_FIBRILLATION ? 1 : 0, fade);
      flutterEnvelope = approach(flutterEnvelope, rhythm == Rhythm.ATRIAL_FLUTTER ? 1 : 0, fade);
      vfEnvelope = approach(vfEnvelope, rhythm == Rhythm.VENTRICULAR_FIBRILLATION ? 1 : 0, fade);
      double t = k * dt;
      if (afEnvelope > 0) {
        // f-waves: two wandering sources, frequency and amplitude modulated (Ornstein-Uhlenbeck).
        for (int s = 0; s < 2; s++) {
          afFm[s] = 0.9996 * afFm[s] + 0.028 * noise.nextGaussian();
          afAm[s] = 0.9997 * afAm[s] + 0.024 * noise.nextGaussian();
          afPhase[s] += 2 * Math.PI * afHz[s] * (1 + 0.12 * afFm[s]) * dt;
          double a = 0.08 * (s == 0 ? 1 : 0.6) * Math.max(0.2, 1 + 0.35 * afAm[s]) * afEnvelope;
          double v = a * (Math.sin(afPhase[s]) + 0.3 * Math.sin(2 * afPhase[s] + 0.6));
          x += v * afSource[s].x();
          y += v * afSource[s].y();
          z += v * afSource[s].z();
        }
      }
      if (flutterEnvelope > 0) {
        // Sawtooth at the flutter rate, negative in the inferior leads and positive in V1.
        CardiacState state = stateAtSample(k);
        int ratio = (int) Math.max(2, Math.min(4, Math.round(FLUTTER_ATRIAL_BPM / state.bpm())));
        flutterPhase += state.bpm() * ratio / 60 * dt;
        flutterPhase -= Math.floor(flutterPhase);
        double fall = 0.75;
        double v = flutterPhase < fall ? 1 - 2 * flutterPhase / fall : -Math.cos(Math.PI * (flutterPhase - fall) / (1 - fall));
        v *= 0.2 * flutterEnvelope;
        x += v * -0.055;
        y += v * -0.87;
        z += v * -0.49;
      }
      if (vfEnvelope > 0) {
        // A 4-6 Hz oscillation whose frequency wanders, amplitude swells and fades, and axis turns.
        vfPhase += 2 * Math.PI * (5 + Math.sin(0.7 * t)) * dt;
        double a = (0.45 + 0.25 * Math.sin(0.9 * t)) * Math.sin(vfPhase) * vfEnvelope;
        double turn = 0.6 * Math.sin(0.25 * t);
        x += a * 0.5 * Math.cos(turn);
        y += a * 0.85;
        z += a * 0.3 * Math.sin(turn);
      }
      for (int lead = 0; lead < DowerLeadVectors.INDEPENDENT; lead++) {
        double[] d = dower[lead];
        independent[lead] = d[0] * x + d[1] * y + d[2] * z;
      }
      float li = (float) independent[0];
      float lii = (float) independent[1];
      twelve[0] = li;
      twelve[1] = lii;
      twelve[2] = lii - li;
      twelve[3] = -(li + lii) / 2;
      twelve[4] = li - lii / 2;
      twelve[5] = lii - li / 2;
      for (int v = 0; v < 6; v++) {
        twelve[6 + v] = (float) independent[2 + v];
      }
      for (int lead = 0; lead < leadIndex.length; lead++) {
        out[lead][offset + i] = twelve[leadIndex[lead]];
      }
      while (!pendingBeats.isEmpty() && pendingBeats.peekFirst()[0] <= k) {
        long[] b = pendingBeats.pollFirst();
        if (beats != null) {
          beats.beat(b[0], BeatClass.values()[(int) b[1]]);
        }
      }
      sampleIndex++;
    }
  }

  private CardiacState stateAtSample(long k) {
    long millis = k * 1000 / sampleRateHz;
    if (sampleState == null || millis >= sampleStateUntilMillis) {
      sampleState = timeline.stateAt(millis);
      sampleStateUntilMillis = timeline.nextChangeAfter(millis);
    }
    return sampleState;
  }

  private static double approach(double value, double target, double step) {
    return value < target ? Math.min(target, value + step) : Math.max(target, value - step);
  }

  private static Vector3 unit(Vector3 v) {
    return v.times(1 / v.norm());
  }

  private static Vector3 stVector() {
    Vector3 v = new Vector3(0.933, 0.695, -0.3);
    return v.times(1 / DowerLeadVectors.project(v)[1]);
  }
}
