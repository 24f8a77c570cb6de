package org.ecgstream.bridge.acks;

/** Alert status reports (IHE PCD-05, ORU^R41) as an Alert Manager sends them, for tests. */
public final class AlertStatusReports {

  private AlertStatusReports() {}

  /** A report on {@code alarmId} of {@code patientId} whose status OBX says {@code status}, by the PRT person {@code userId}. */
  public static String report(String controlId, String patientId, String alarmId, String status, String userId) {
    return String.join("\r",
        "MSH|^~\\&|ALERT_MANAGER|HOSPITAL|ECG_STREAM|ECG_STREAM|20251126000012+0000||ORU^R41^ORU_R01|" + controlId
            + "|P|2.6|||AL|NE||UNICODE UTF-8|||IHE_PCD_ACM_001^IHE PCD^1.3.6.1.4.1.19376.1.6.4.4.1^ISO",
        "PID|||" + patientId + "^^^ECG_STREAM^PI",
        "OBR|1||" + alarmId + "^ECG_STREAM|196616^MDC_EVT_ALARM^MDC",
        "OBX|1|ST|68483^MDC_ATTR_ALARM_INACTIVATION_STATE^MDC|1.1.1.0.1|" + status + "||||||R|||20251126000009.500+0100",
        "PRT||||RESP^Responsible^HL70912|" + userId + "^Nightingale^Florence") + "\r";
  }
}
