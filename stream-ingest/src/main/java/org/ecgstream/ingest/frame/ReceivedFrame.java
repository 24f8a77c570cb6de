package org.ecgstream.ingest.frame;

import org.ecgstream.schemas.EcgFrame;

/**
 * A decoded, valid frame on its way through ingest, with the record it came from.
 *
 * @param gapBeforeMillis signal missing before this frame (frames lost), set by sequencing; 0 when contiguous
 */
public record ReceivedFrame(EcgFrame frame, RawRecord raw, long gapBeforeMillis) {

  public ReceivedFrame withGapBefore(long millis) {
    return new ReceivedFrame(frame, raw, millis);
  }

  /**
   * {@code frame} with patient, bed, scale and quality replaced, sharing everything else (the
   * builders' copy constructors deep-copy every sample array, which costs more than the rest of
   * ingest per frame).
   */
  public static EcgFrame with(EcgFrame frame, String patientId, String bedId, float gainPerMv, int baselineAdc,
      java.util.List<java.nio.ByteBuffer> samples, org.ecgstream.schemas.FrameQuality quality) {
    return new EcgFrame(frame.getDeviceId(), frame.getSeq(), frame.getDeviceTimeMillis(), frame.getSampleRateHz(), gainPerMv,
        baselineAdc, frame.getLeads(), samples, frame.getLeadOff(), patientId, bedId, quality);
  }

  public String deviceId() {
    return frame.getDeviceId();
  }

  public long seq() {
    return frame.getSeq();
  }

  public long deviceTimeMillis() {
    return frame.getDeviceTimeMillis();
  }

  /** Duration of the frame: samples per lead over the sample rate (validated to be positive). */
  public long durationMillis() {
    int samples = frame.getSamples().isEmpty() ? 0 : frame.getSamples().get(0).remaining() / 2;
    return Math.round(samples * 1000.0 / frame.getSampleRateHz());
  }

  /** Device time just after the last sample. */
  public long endMillis() {
    return deviceTimeMillis() + durationMillis();
  }
}
