package org.ecgstream.flink.archive;

import java.util.Arrays;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.Lead;

/**
 * What is known about a patient's recording still being written, as Flink keyed state (a POJO);
 * its samples are kept beside it, one list entry per frame, so appending a frame never rewrites
 * the recording so far.
 */
public class OpenRecording {

  public String patientId;
  public String bedId;
  /** Device time of the first sample. */
  public long startMillis;
  public int sampleRateHz;
  public float gainPerMv;
  public int baselineAdc;
  public Lead[] leads;
  /** Samples per lead so far. */
  public long samples;
  /** The event-time timer that closes the recording if nothing carries it on. */
  public long closeTimerMillis;

  public OpenRecording() {}

  /** A recording starting with {@code frame}'s shape (no samples yet). */
  public static OpenRecording startingWith(EcgFrame frame) {
    OpenRecording r = new OpenRecording();
    r.patientId = frame.getPatientId();
    r.bedId = frame.getBedId();
    r.startMillis = frame.getDeviceTimeMillis();
    r.sampleRateHz = frame.getSampleRateHz();
    r.gainPerMv = frame.getGainPerMv();
    r.baselineAdc = frame.getBaselineAdc();
    r.leads = frame.getLeads().toArray(new Lead[0]);
    return r;
  }

  /** Device time just after the last sample: where a frame carrying the recording on starts. */
  public double endMillis() {
    return startMillis + samples * 1000.0 / sampleRateHz;
  }

  /** Device time the recording spans, in milliseconds. */
  public double durationMillis() {
    return samples * 1000.0 / sampleRateHz;
  }

  /**
   * Whether {@code frame} carries this recording on: same leads, rate and scale, and starting where
   * the recording ends, give or take a sample period (device clocks count whole milliseconds), with
   * no gap flagged by ingest.
   */
  public boolean continuesWith(EcgFrame frame) {
    boolean gapFlagged = frame.getQuality() != null && frame.getQuality().getGapBeforeMillis() > 0;
    double toleranceMillis = Math.max(1.0, 1000.0 / sampleRateHz);
    return !gapFlagged
        && frame.getSampleRateHz() == sampleRateHz
        && frame.getGainPerMv() == gainPerMv
        && frame.getBaselineAdc() == baselineAdc
        && Arrays.equals(frame.getLeads().toArray(new Lead[0]), leads)
        && Math.abs(frame.getDeviceTimeMillis() - endMillis()) <= toleranceMillis;
  }
}
