package org.ecgstream.core.rhythm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ecgstream.core.quality.LeadQuality;

/**
 * Rhythm analysis across a patient's leads, reporting changes of the fused state:
 * <ul>
 *   <li>asystole only when every usable lead is asystolic (one lead losing amplitude is not a
 *       stopped heart; this is what keeps Challenge 2015 record a103l from a false asystole alarm);
 *   <li>VF when the primary (rhythm) lead shows it;
 *   <li>signal lost when no lead is usable (a technical condition, never a clinical one);
 *   <li>noise when every usable lead is noisy (a technical condition: one clean lead keeps the
 *       patient analysable), except during VF. It is information only: nothing reads it, so noise
 *       never suppresses or delays asystole, VF or VT;
 *   <li>atrial fibrillation from the primary lead's RR irregularity, started and ended only after
 *       {@link #AF_CONFIRM_BEATS} consecutive beats agree, and never during asystole, VF or lost
 *       signal;
 *   <li>ventricular tachycardia from the primary lead's beats with their QRS width taken as the
 *       smallest of the usable leads' estimates and their shape compared with the primary lead's
 *       dominant template ({@link VentricularTachycardiaDetector}, {@link DominantTemplate}), only
 *       while the primary lead is usable and there is no asystole or VF (VF has priority: VT is
 *       reported ended before VF, asystole or lost signal is reported started);
 *   <li>pause: a primary-lead RR interval of at least {@link RhythmSettings#pauseMillis()} that no
 *       other usable lead contradicts with a beat of its own, reported with the beat that ends it,
 *       unless asystole was raised in between (see {@link RhythmListener#pause}).
 * </ul>
 * Beats are those of the primary lead. The width, VT and pause judgements of a block's beats are
 * made once every lead has been fed that block.
 */
public final class PatientRhythm {

  /** Consecutive judgements needed to start or end AF, so that the state does not flap. */
  public static final int AF_CONFIRM_BEATS = 10;

  /** Another lead's beat this close to either end of a primary-lead RR interval is one of its two beats. */
  private static final double SAME_BEAT_SECONDS = 0.25;

  private final List<RhythmMonitor> leads = new ArrayList<>();
  private final AtrialFibrillationDetector af;
  private final VentricularTachycardiaDetector vt;
  private final DominantTemplate template;
  private final RhythmSettings settings;
  private final int sampleRateHz;
  private boolean atrialFibrillation;
  private int afAgreeing;
  private final int primary;
  private boolean asystole;
  private boolean fibrillation;
  private boolean signalLost;
  private boolean noisy;

  private long[] blockBeats = new long[8];
  private int blockBeatCount;
  private long lastPrimaryBeat = -1;
  /** Asystole, VF or an unusable rhythm lead since the last primary beat: no pause across it. */
  private boolean pauseInterrupted;

  public PatientRhythm(int sampleRateHz, int leadCount, int primaryLead, RhythmSettings settings) {
    if (primaryLead < 0 || primaryLead >= leadCount) {
      throw new IllegalArgumentException("primary lead " + primaryLead + " is not one of " + leadCount + " leads");
    }
    for (int i = 0; i < leadCount; i++) {
      leads.add(new RhythmMonitor(sampleRateHz, settings));
    }
    this.primary = primaryLead;
    this.settings = settings;
    this.sampleRateHz = sampleRateHz;
    this.af = new AtrialFibrillationDetector(sampleRateHz);
    this.vt = new VentricularTachycardiaDetector(sampleRateHz, settings);
    this.template = new DominantTemplate(sampleRateHz);
  }

  /** Feeds one block per lead (same length, mV, NaN for invalid) and reports what changed. */
  public void accept(float[][] millivolts, RhythmListener listener) {
    if (millivolts.length != leads.size()) {
      throw new IllegalArgumentException("expected " + leads.size() + " leads, got " + millivolts.length);
    }
    blockBeatCount = 0;
    for (int i = 0; i < leads.size(); i++) {
      leads.get(i).accept(millivolts[i], i == primary ? beat -> {
        listener.beat(beat);
        judgeAf(beat, listener);
        keep(beat);
      } : beat -> {});
    }
    long now = leads.get(primary).samples();

    boolean anyUsable = leads.stream().anyMatch(RhythmMonitor::usable);
    if (!anyUsable && !signalLost) {
      endVentricularTachycardia(now, listener);
      signalLost = true;
      listener.signalLost(now, leads.get(primary).unusableReason());
    } else if (anyUsable && signalLost) {
      signalLost = false;
      listener.signalRestored(now);
    }

    boolean vf = leads.get(primary).fibrillation();
    if (vf != fibrillation) {
      fibrillation = vf;
      RhythmMonitor m = leads.get(primary);
      if (vf) {
        endVentricularTachycardia(now, listener);
        listener.fibrillationStarted(now, m.lastLeakage(), m.lastDominantHz());
      } else {
        listener.fibrillationEnded(now);
      }
    }

    // Not during VF: beat agreement means nothing without QRS complexes, and a NOISE alarm beside a
    // VF alarm would tell staff the VF might be artifact. VF is reported first either way. The leads'
    // indexes start afresh after it, so that VF signal never counts as noise once VF has ended.
    if (vf) {
      leads.forEach(lead -> lead.noise().restart());
    }
    boolean noisyNow = anyUsable && !vf && leads.stream().allMatch(lead -> !lead.usable() || lead.noise().noisy());
    if (noisyNow != noisy) {
      noisy = noisyNow;
      if (noisyNow) {
        listener.noiseStarted(now, quality());
      } else {
        listener.noiseEnded(now, quality());
      }
    }

    if (atrialFibrillation && (signalLost || fibrillation)) {
      atrialFibrillation = false;
      afAgreeing = 0;
      listener.atrialFibrillationEnded(now);
    }

    boolean asys = anyUsable && !vf && leads.stream().filter(RhythmMonitor::usable).allMatch(RhythmMonitor::asystole);
    if (asys != asystole) {
      asystole = asys;
      if (asys) {
        endVentricularTachycardia(now, listener);
        listener.asystoleStarted(now, leads.get(primary).lastBeat());
        if (atrialFibrillation) {
          atrialFibrillation = false;
          afAgreeing = 0;
          listener.atrialFibrillationEnded(now);
        }
      } else {
        listener.asystoleEnded(now);
      }
    }

    boolean ventricularAnalysis = leads.get(primary).usable() && !signalLost && !fibrillation && !asystole;
    if (!ventricularAnalysis) {
      pauseInterrupted = true;
      endVentricularTachycardia(now, listener);
    }
    for (int k = 0; k < blockBeatCount; k++) {
      long beat = blockBeats[k];
      double width = fusedWidthMillis(beat);
      if (ventricularAnalysis) {
        judgeVt(beat, width, now, listener);
      }
      listener.beatWidth(beat, width, ventricularAnalysis && vt.lastWide());
      judgePause(beat, listener);
    }
  }

  /** Whether the patient's signal is noisy now: every usable lead noisy, at least one usable. */
  public boolean noisy() {
    return noisy;
  }

  /** Each lead's signal quality now. */
  public List<LeadQuality> quality() {
    List<LeadQuality> quality = new ArrayList<>(leads.size());
    for (int i = 0; i < leads.size(); i++) {
      RhythmMonitor lead = leads.get(i);
      quality.add(new LeadQuality(i, lead.usable(), lead.noise().noisy(), lead.noise().beatAgreement(),
          lead.noise().baselineShare()));
    }
    return quality;
  }

  /** Forgets the VT run; reports the end first when VT was on, so that it never overlaps what ended it. */
  private void endVentricularTachycardia(long now, RhythmListener listener) {
    if (vt.reset()) {
      listener.ventricularTachycardiaEnded(now);
    }
  }

  private void keep(long beat) {
    if (blockBeatCount == blockBeats.length) {
      blockBeats = Arrays.copyOf(blockBeats, 2 * blockBeats.length);
    }
    blockBeats[blockBeatCount++] = beat;
  }

  /** The smallest width among the usable leads: noise or a T wave can widen one lead's complex, not narrow it. */
  private double fusedWidthMillis(long beat) {
    double smallest = Double.NaN;
    for (RhythmMonitor lead : leads) {
      double w = lead.qrsWidthMillis(beat);
      if (!Double.isNaN(w) && !(w >= smallest)) {
        smallest = w;
      }
    }
    return smallest;
  }

  /** Feeds a beat to the VT detector; changes are reported at {@code now}, when they are known. */
  private void judgeVt(long beat, double widthMillis, long now, RhythmListener listener) {
    boolean copied = leads.get(primary).complex(beat, template.beforeSamples(), template.buffer());
    double correlation = copied && template.ready() ? template.correlation() : Double.NaN;
    VentricularTachycardiaDetector.Change change = vt.beat(beat, widthMillis, correlation);
    if (copied && !vt.lastWide()) {
      template.learn();
    }
    switch (change) {
      case STARTED -> listener.ventricularTachycardiaStarted(now, vt.runBeats(), vt.rateBpm());
      case ENDED -> listener.ventricularTachycardiaEnded(now);
      case NONE -> { }
    }
  }

  private void judgePause(long beat, RhythmListener listener) {
    long rr = beat - lastPrimaryBeat;
    if (lastPrimaryBeat >= 0 && !pauseInterrupted && rr * 1000 >= (long) settings.pauseMillis() * sampleRateHz
        && !anotherLeadBeatBetween(lastPrimaryBeat, beat)) {
      listener.pause(beat, Math.round(rr * 1000.0 / sampleRateHz));
    }
    lastPrimaryBeat = beat;
    pauseInterrupted = false;
  }

  private boolean anotherLeadBeatBetween(long from, long to) {
    long margin = Math.round(SAME_BEAT_SECONDS * sampleRateHz);
    for (int i = 0; i < leads.size(); i++) {
      RhythmMonitor lead = leads.get(i);
      if (i != primary && lead.usable() && lead.beatBetween(from + margin, to - margin)) {
        return true;
      }
    }
    return false;
  }

  private void judgeAf(long beat, RhythmListener listener) {
    boolean startsAf = af.beat(beat);
    // Onset and offset hysteresis: AF once on stays on while the irregularity is above the lower
    // offset threshold, so that a few less irregular stretches of AF do not end and re-raise it.
    boolean irregular = atrialFibrillation ? af.irregularity() > AtrialFibrillationDetector.AF_ENDS_BELOW : startsAf;
    boolean isAf = irregular && !asystole && !fibrillation && !signalLost;
    if (!af.judging()) {
      return;
    }
    afAgreeing = isAf != atrialFibrillation ? afAgreeing + 1 : 0;
    if (afAgreeing >= AF_CONFIRM_BEATS) {
      atrialFibrillation = isAf;
      afAgreeing = 0;
      if (isAf) {
        listener.atrialFibrillationStarted(beat, af.irregularity());
      } else {
        listener.atrialFibrillationEnded(beat);
      }
    }
  }
}
