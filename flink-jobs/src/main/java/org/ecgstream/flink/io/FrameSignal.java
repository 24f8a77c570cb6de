package org.ecgstream.flink.io;

import java.util.Arrays;
import java.util.List;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.FrameQuality;

/** A frame's samples as the analytics see them. */
public final class FrameSignal {

  private FrameSignal() {}

  /**
   * Each lead in millivolts, NaN where the sample is invalid or the lead is flagged off (by the
   * device, or by ingest as off or flat): a flagged lead is never read as signal, so electrodes
   * off become a technical condition at once, not after a second of flat line.
   */
  public static float[][] millivolts(EcgFrame frame) {
    List<?> leads = frame.getLeads();
    float[][] mv = new float[leads.size()][];
    FrameQuality quality = frame.getQuality();
    for (int l = 0; l < mv.length; l++) {
      mv[l] = Int16Samples.toMillivolts(frame.getSamples().get(l), frame.getGainPerMv(), frame.getBaselineAdc());
      if (flagged(frame.getLeadOff(), l) || (quality != null && (flagged(quality.getLeadOff(), l)
          || flagged(quality.getFlatLine(), l)))) {
        Arrays.fill(mv[l], Float.NaN);
      }
    }
    return mv;
  }

  private static boolean flagged(List<Boolean> flags, int lead) {
    return flags != null && lead < flags.size() && Boolean.TRUE.equals(flags.get(lead));
  }
}
