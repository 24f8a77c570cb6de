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
