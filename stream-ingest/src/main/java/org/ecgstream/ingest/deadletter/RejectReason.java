package org.ecgstream.ingest.deadletter;

/** Why ingest refused a record; the code is stable, consumers of ecg.dlq match on it. */
public enum RejectReason {
  /** The bytes are not a record this build can decode (corrupt, truncated, unknown schema). */
  UNDECODABLE,
  /** No admission binds the sending device to a patient. */
  UNBOUND_DEVICE
}
