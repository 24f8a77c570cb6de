package org.ecgstream.bridge.hl7;

/**
 * Who talks in a PCD-04 exchange: the bridge is the Alert Reporter (MSH-3/4), the hospital's
 * Alert Manager receives (MSH-5/6); patient ids belong to {@code patientIdAuthority} (PID-3-4).
 */
public record Pcd04Endpoints(
    String sendingApplication, String sendingFacility,
    String receivingApplication, String receivingFacility,
    String patientIdAuthority) {

  public static Pcd04Endpoints defaults() {
    return new Pcd04Endpoints("ECG_STREAM", "ECG_STREAM", "ALERT_MANAGER", "HOSPITAL", "ECG_STREAM");
  }
}
