package org.ecgstream.core.rhythm;

import java.util.ArrayList;
import java.util.List;

/**
 * Rhythm analysis across a patient's leads, reporting changes of the fused state:
 * <ul>
 *   <li>asystole only when every usable lead is asystolic (one lead losing amplitude is not a
 *       stopped heart; this is what keeps Challenge 2015 record a103l from a false asystole alarm);
 *   <li>VF when the primary (rhythm) lead shows it;
 *   <li>signal lost when no lead is usable (a technical condition, never a clinical one).
 * </ul>
 * Beats are those of the primary lead.
 */
public final class PatientRhythm {

  private final List<RhythmMonitor> leads = new ArrayList<>();
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
  }

  /** Feeds one block per lead (same length, mV, NaN for invalid) and reports what changed. */
  public void accept(float[][] millivolts, RhythmListener listener) {
    if (millivolts.length != leads.size()) {
      throw new IllegalArgumentException("expected " + leads.size() + " leads, got " + millivolts.length);
    }
    for (int i = 0; i < leads.size(); i++) {
      leads.get(i).accept(millivolts[i], i == primary ? listener::beat : beat -> {});
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

    boolean asys = anyUsable && !vf && leads.stream().filter(RhythmMonitor::usable).allMatch(RhythmMonitor::asystole);
    if (asys != asystole) {
      asystole = asys;
      if (asys) {
        listener.asystoleStarted(now, leads.get(primary).lastBeat());
      } else {
        listener.asystoleEnded(now);
      }
    }
  }
}
