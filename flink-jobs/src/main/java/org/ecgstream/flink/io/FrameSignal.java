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
    for (int l = 0; l < mv.length; l++) {
      mv[l] = Int16Samples.toMillivolts(frame.getSamples().get(l), frame.getGainPerMv(), frame.getBaselineAdc());
      if (leadFlagged(frame, l)) {
        Arrays.fill(mv[l], Float.NaN);
      }
    }
    return mv;
  }

  /**
   * Each lead's ADC values, {@link Int16Samples#INVALID} for the whole lead where
   * {@link #millivolts} would give NaN (flagged off or flat); with the frame's gain and baseline
   * they read as exactly those millivolts ({@link Int16Samples#toMillivolts(short[], float, int)}).
   */
  public static short[][] adc(EcgFrame frame) {
    List<?> leads = frame.getLeads();
    short[][] adc = new short[leads.size()][];
    for (int l = 0; l < adc.length; l++) {
      adc[l] = Int16Samples.unpack(frame.getSamples().get(l));
      if (leadFlagged(frame, l)) {
        Arrays.fill(adc[l], Int16Samples.INVALID);
      }
    }
    return adc;
  }

  private static boolean leadFlagged(EcgFrame frame, int l) {
    FrameQuality quality = frame.getQuality();
    return flagged(frame.getLeadOff(), l) || (quality != null && (flagged(quality.getLeadOff(), l)
        || flagged(quality.getFlatLine(), l)));
  }

  private static boolean flagged(List<Boolean> flags, int lead) {
    return flags != null && lead < flags.size() && Boolean.TRUE.equals(flags.get(lead));
  }
}
