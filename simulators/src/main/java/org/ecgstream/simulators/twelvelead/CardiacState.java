package org.ecgstream.simulators.twelvelead;

import org.ecgstream.simulators.synthetic.Conduction;
import org.ecgstream.simulators.synthetic.Ectopy;
import org.ecgstream.simulators.synthetic.Rhythm;

/**
 * What the heart does from one scripted moment on, as the streaming twelve-lead generator reads it.
 *
 * @param rhythm the rhythm
 * @param bpm the ventricular rate (for third-degree AV block the escape rate)
 * @param stMv ST shift of conducted beats in lead II (other leads by projection, up to 1.4x in V4); negative is depression
 * @param ectopy ventricular ectopy on top of the rhythm
 * @param pvcPerMinute how many isolated PVCs a minute (for {@link Ectopy#PVC})
 * @param conduction bundle branch conduction of conducted beats
 * @param prMillis PR interval (P-wave centre to R peak) of sinus beats; 0 keeps the patient's own (130-190 ms);
 *     over 200 is first-degree AV block
 */
public record CardiacState(Rhythm rhythm, double bpm, double stMv, Ectopy ectopy, double pvcPerMinute, Conduction conduction,
    double prMillis) {

  public CardiacState {
    if (!(bpm >= 10 && bpm <= 350)) {
      throw new IllegalArgumentException("heart rate must be 10..350 bpm, got " + bpm);
    }
    if (!(pvcPerMinute >= 0 && pvcPerMinute <= 30)) {
      throw new IllegalArgumentException("pvcPerMinute must be 0..30, got " + pvcPerMinute);
    }
    if (!(prMillis == 0 || (prMillis >= 80 && prMillis <= 400))) {
      throw new IllegalArgumentException("prMs must be 80..400 ms (0: the patient's own), got " + prMillis);
    }
  }

  /** Sinus rhythm at {@code bpm}, nothing else. */
  public static CardiacState sinus(double bpm) {
    return new CardiacState(Rhythm.SINUS, bpm, 0, Ectopy.NONE, 0, Conduction.NORMAL, 0);
  }
}
