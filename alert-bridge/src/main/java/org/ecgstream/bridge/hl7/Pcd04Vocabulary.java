package org.ecgstream.bridge.hl7;

import org.ecgstream.schemas.AlarmCategory;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;

/**
 * The coded values of an IHE PCD-04 alert (PCD TF-2, "Report Alert"): the facet observation
 * identifiers (IEEE 11073-10101 MDC attribute codes), the OBX-8 priority and source flags, and the
 * event phase, alarm state and inactivation state words for each of our alarm states.
 *
 * <p>One place for these facts: the HL7 builder, the FHIR mapper and the tests use them.
 */
public final class Pcd04Vocabulary {

  /** MSH-21: the ACM message profile. */
  public static final String PROFILE_ID = "IHE_PCD_ACM_001";
  public static final String PROFILE_NAMESPACE = "IHE PCD";
  public static final String PROFILE_OID = "1.3.6.1.4.1.19376.1.6.4.4.1";

  /** A coded element: code, display text, coding system. */
  public record Code(String code, String text, String system) {}

  public static final Code EVT_ALARM = new Code("196616", "MDC_EVT_ALARM", "MDC");
  public static final Code EVENT_PHASE = new Code("68481", "MDC_ATTR_EVENT_PHASE", "MDC");
  public static final Code ALARM_STATE = new Code("68482", "MDC_ATTR_ALARM_STATE", "MDC");
  public static final Code INACTIVATION_STATE = new Code("68483", "MDC_ATTR_ALARM_INACTIVATION_STATE", "MDC");
  public static final Code HEART_RATE = new Code("147842", "MDC_ECG_HEART_RATE", "MDC");
  public static final Code BEATS_PER_MINUTE = new Code("264864", "MDC_DIM_BEAT_PER_MIN", "MDC");
  /** Alarm kinds that have no MDC event code here travel as local codes of this system. */
  public static final String LOCAL_SYSTEM = "99ECG";

  private Pcd04Vocabulary() {}

  /** OBX-8 priority flag: PH, PM, PL, or PN (priority not indicated). */
  public static String priorityFlag(AlarmPriority priority) {
    return switch (priority) {
      case HIGH -> "PH";
      case MEDIUM -> "PM";
      case LOW -> "PL";
      case UNKNOWN -> "PN";
    };
  }

  /** OBX-8 source flag: SP physiological, ST technical, SA advisory; null when unknown. */
  public static String sourceFlag(AlarmCategory category) {
    return switch (category) {
      case CLINICAL -> "SP";
      case TECHNICAL -> "ST";
      case ADVISORY -> "SA";
      case UNKNOWN -> null;
    };
  }

  /** MDC_ATTR_EVENT_PHASE value of a state change. */
  public static String eventPhase(AlarmState state) {
    return switch (state) {
      case RAISED -> "start";
      case UPDATED, ACKNOWLEDGED -> "update";
      case ESCALATED -> "escalate";
      case CLEARED -> "end";
      case UNKNOWN -> throw unmappable(state);
    };
  }

  /** MDC_ATTR_ALARM_STATE value: the condition is present (active) or over (inactive). */
  public static String alarmState(AlarmState state) {
    return switch (state) {
      case RAISED, UPDATED, ESCALATED, ACKNOWLEDGED -> "active";
      case CLEARED -> "inactive";
      case UNKNOWN -> throw unmappable(state);
    };
  }

  /** MDC_ATTR_ALARM_INACTIVATION_STATE value: enabled, or alert-acknowledged once acknowledged. */
  public static String inactivationState(AlarmState state) {
    return state == AlarmState.ACKNOWLEDGED ? "alert-acknowledged" : "enabled";
  }

  private static IllegalArgumentException unmappable(AlarmState state) {
    return new IllegalArgumentException("alarm state " + state
        + " has no PCD-04 event phase (written by a newer producer? upgrade the bridge)");
  }
}
