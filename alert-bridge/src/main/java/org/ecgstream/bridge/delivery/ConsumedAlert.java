package org.ecgstream.bridge.delivery;

/** One record of the alerts topic as consumed: where it came from and its bytes, not yet decoded. */
public record ConsumedAlert(String topic, int partition, long offset, String patientKey, byte[] value) {}
