package org.ecgstream.flink.rhythm;

import org.ecgstream.schemas.EcgFrame;

/**
 * A frame after the rhythm analysis has judged it, with whether the patient was NOISE (every usable
 * lead too noisy to analyse) at any time in its span: a Flink POJO. The model windows read frames
 * in this form, so that they know the noise periods of exactly the signal they cut, in order,
 * without racing the rhythm analysis.
 */
public class JudgedFrame {

  public EcgFrame frame;
  public boolean noisy;

  public JudgedFrame() {}

  public JudgedFrame(EcgFrame frame, boolean noisy) {
    this.frame = frame;
    this.noisy = noisy;
  }

  /** A frame nobody judged for noise (no rhythm analysis upstream): never noisy. */
  public static JudgedFrame unjudged(EcgFrame frame) {
    return new JudgedFrame(frame, false);
  }

  @Override
  public String toString() {
    return "JudgedFrame{" + frame.getPatientId() + " @" + frame.getDeviceTimeMillis() + (noisy ? " noisy" : "") + "}";
  }
}
