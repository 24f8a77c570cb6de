package org.ecgstream.core.rhythm;

import java.util.ArrayList;
import java.util.List;

/**
 * Rhythm analysis across a patient's leads, reporting changes of the fused state:
 * <ul>
 *   <li>asystole only when every usable lead is asystolic (one lead losing amplitude is not a
 *       stopped heart; this is what keeps Challenge 2015 record a103l from a false asystole alarm);
 *   <li>VF when the primary (rhythm) lead shows it;
 *   <li>signal lost when no lead is usable (a technical condition, never a clinical one);
 *   <li>atrial fibrillation from the primary lead's RR irregularity, started and ended only after
 *       {@link #AF_CONFIRM_BEATS} consecutive beats agree, and never during asystole, VF or lost
 *       signal.
 * </ul>
 * Beats are those of the primary lead.
 */
public final class PatientRhythm {

  /** Consecutive judgements needed to start or end AF, so that the state does not flap. */
  public static final int AF_CONFIRM_BEATS = 10;

  private final List<RhythmMonitor> leads = new ArrayList<>();
  private final AtrialFibrillationDetector af;
  private boolean atrialFibrillation;
  private int afAgreeing;
  private final int primary;
  private boolean asystole;
  private boolean fibrillation;
  private boolean signalLost;

  public PatientRhythm(int sampleRateHz, int leadCount, int primaryLead, RhythmSettings settings) {
    if (primaryLead < 0 || primaryLead >= leadCount) {
      throw new IllegalArgumentException("primary lead " + primaryLead + " is not one of " + leadCount + " leads");
    }
    for (int i = 0; i < leadCount; i++) {
      leads.add(new RhythmMonitor(sampleRateHz, settings));
    }
    this.primary = primaryLead;
    this.af = new AtrialFibrillationDetector(sampleRateHz);
  }

  /** Feeds one block per lead (same length, mV, NaN for invalid) and reports what changed. */
  public void accept(float[][] millivolts, RhythmListener listener) {
    if (millivolts.length != leads.size()) {
      throw new IllegalArgumentException("expected " + leads.size() + " leads, got " + millivolts.length);
    }
    for (int i = 0; i < leads.size(); i++) {
      leads.get(i).accept(millivolts[i], i == primary ? beat -> {
        listener.beat(beat);
        judgeAf(beat, listener);
      } : beat -> {});
    }
    long now = leads.get(primary).samples();

    boolean anyUsable = leads.stream().anyMatch(RhythmMonitor::usable);
    if (!anyUsable && !signalLost) {
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
        listener.fibrillationStarted(now, m.lastLeakage(), m.lastDominantHz());
      } else {
        listener.fibrillationEnded(now);
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
  }

  private void judgeAf(long beat, RhythmListener listener) {
    boolean isAf = af.beat(beat) && !asystole && !fibrillation && !signalLost;
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
