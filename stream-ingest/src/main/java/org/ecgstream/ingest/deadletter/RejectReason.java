package org.ecgstream.ingest.deadletter;

/**
 * Why ingest refused a record; the code is stable, consumers of ecg.dlq match on it. The table in
 * stream-ingest/README.md lists the same codes with the rule behind each.
 */
public enum RejectReason {
  /** The bytes are not a record this build can decode (empty, corrupt, truncated, unknown schema fingerprint). */
  UNDECODABLE,
  /** The record key is not the frame's device id (the device's frames would be split across partitions). */
  KEY_MISMATCH,
  /** No leads, more than 12, a lead twice, an unknown lead, or per-lead arrays that do not match the leads. */
  INVALID_LEADS,
  /** The sample rate is not in the supported set. */
  UNSUPPORTED_SAMPLE_RATE,
  /** The gain is not a finite number of ADC units per mV in the accepted range, or the baseline is off the int16 scale. */
  INVALID_GAIN,
  /** Sample arrays of odd byte length, of different lengths per lead, or a frame duration outside the accepted range. */
  INVALID_FRAME_LENGTH,
  /** A sample's physical value cannot be represented on the canonical scale and is not at the ADC rail. */
  SAMPLE_OUT_OF_RANGE,
  /** The device clock is too far ahead of or behind the wall clock. */
  DEVICE_TIME_OUT_OF_RANGE,
  /** The sequence number is negative. */
  INVALID_SEQUENCE,
  /** A sequence number seen before, with different content (an exact copy is dropped and counted instead). */
  DUPLICATE_SEQUENCE,
  /** The frame arrived after ingest stopped waiting for it (reorder bound) and emitted later frames. */
  LATE,
  /** No admission binds the device to a patient at the frame's device time, within the hold time. */
  UNBOUND_DEVICE,
  /** Ingest failed on this record (a bug); the record is kept here instead of stopping the app. */
  PROCESSING_ERROR,
  /** The output record could not be written (too large, not serialisable); the original input is kept here. */
  UNDELIVERABLE
}
