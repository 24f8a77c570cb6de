package org.ecgstream.bridge.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v281.message.ORU_R01;
import ca.uhn.hl7v2.util.Terser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.ecgstream.bridge.hl7.Pcd04Vocabulary.Code;
import org.ecgstream.schemas.Alarm;

/**
 * Builds the IHE PCD-04 "Report Alert" message (ORU^R40^ORU_R01, version 2.6, profile
 * IHE_PCD_ACM_001) for one alarm state change.
 *
 * <p>Layout (PCD TF-2, Report Alert): MSH; PID (patient id) and PV1 (bed) when known; one OBR whose
 * filler order number (OBR-3) is the alarm id, the same for every state change of the episode; then
 * the alert facets as OBX segments with dotted sub-ids {@code 1.1.1.<metric>.<facet>}:
 * <ol>
 *   <li>alert identification: the alarm kind, its text, OBX-8 = priority (PH/PM/PL/PN) and source
 *       (SP/ST/SA), followed by a PRT naming the reporting detector or model (PRT-10);
 *   <li>the physiological value and limit, when the alarm carries one;
 *   <li>MDC_ATTR_EVENT_PHASE (start, update, escalate, end);
 *   <li>MDC_ATTR_ALARM_STATE (active, inactive);
 *   <li>MDC_ATTR_ALARM_INACTIVATION_STATE (enabled, alert-acknowledged).
 * </ol>
 * Evidence entries become NTE segments of the OBR.
 */
public final class Pcd04MessageBuilder {

  private static final DateTimeFormatter HL7_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSZ", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String ORDER = "/PATIENT_RESULT/ORDER_OBSERVATION/";

  private final Pcd04Endpoints endpoints;

  public Pcd04MessageBuilder(Pcd04Endpoints endpoints) {
    this.endpoints = endpoints;
  }

  /** The message for {@code alarm}, created at {@code now}. */
  public ORU_R01 build(Alarm alarm, Instant now) {
    String phase = Pcd04Vocabulary.eventPhase(alarm.getState()); // fails first for unmappable states
    try {
      ORU_R01 message = new ORU_R01();
      Terser t = new Terser(message);
      header(t, alarm, now);
      patient(t, alarm);
      order(t, alarm);
      int facet = 0;
      String metric = alarm.getValue() != null && isHeartRate(alarm) ? Pcd04Vocabulary.HEART_RATE.code() : "0";
      facet = identification(t, alarm, metric, facet);
      if (alarm.getValue() != null) {
        facet = value(t, alarm, metric, facet);
      }
      facet = stringFacet(t, facet, metric, Pcd04Vocabulary.EVENT_PHASE, phase);
      facet = stringFacet(t, facet, metric, Pcd04Vocabulary.ALARM_STATE, Pcd04Vocabulary.alarmState(alarm.getState()));
      stringFacet(t, facet, metric, Pcd04Vocabulary.INACTIVATION_STATE, Pcd04Vocabulary.inactivationState(alarm.getState()));
      return message;
    } catch (HL7Exception e) {
      throw new IllegalStateException("cannot build PCD-04 message for alarm " + alarm.getAlarmId() + ": " + e.getMessage(), e);
    }
  }

  /** The message as pipe-delimited text (segments separated by CR). */
  public String encode(Alarm alarm, Instant now) {
    try {
      return Hl7Parsers.pipeParser().encode(build(alarm, now));
    } catch (HL7Exception e) {
      throw new IllegalStateException("cannot encode PCD-04 message for alarm " + alarm.getAlarmId() + ": " + e.getMessage(), e);
    }
  }

  private void header(Terser t, Alarm alarm, Instant now) throws HL7Exception {
    t.set("/MSH-1", "|");
    t.set("/MSH-2", "^~\\&");
    t.set("/MSH-3-1", endpoints.sendingApplication());
    t.set("/MSH-4-1", endpoints.sendingFacility());
    t.set("/MSH-5-1", endpoints.receivingApplication());
    t.set("/MSH-6-1", endpoints.receivingFacility());
    t.set("/MSH-7", HL7_TIME.format(now));
    t.set("/MSH-9-1", "ORU");
    t.set("/MSH-9-2", "R40");
    t.set("/MSH-9-3", "ORU_R01");
    t.set("/MSH-10", MessageControlIds.of(alarm));
    t.set("/MSH-11-1", "P");
    t.set("/MSH-12-1", "2.6");
    t.set("/MSH-15", "AL");
    t.set("/MSH-16", "NE");
    t.set("/MSH-18", "UNICODE UTF-8");
    t.set("/MSH-21-1", Pcd04Vocabulary.PROFILE_ID);
    t.set("/MSH-21-2", Pcd04Vocabulary.PROFILE_NAMESPACE);
    t.set("/MSH-21-3", Pcd04Vocabulary.PROFILE_OID);
    t.set("/MSH-21-4", "ISO");
  }

  private void patient(Terser t, Alarm alarm) throws HL7Exception {
    t.set("/PATIENT_RESULT/PATIENT/PID-3-1", alarm.getPatientId());
    t.set("/PATIENT_RESULT/PATIENT/PID-3-4-1", endpoints.patientIdAuthority());
    t.set("/PATIENT_RESULT/PATIENT/PID-3-5", "PI");
    if (alarm.getBedId() != null) {
      t.set("/PATIENT_RESULT/PATIENT/VISIT/PV1-2-1", "I");
      t.set("/PATIENT_RESULT/PATIENT/VISIT/PV1-3-3-1", alarm.getBedId());
    }
  }

  private void order(Terser t, Alarm alarm) throws HL7Exception {
    t.set(ORDER + "OBR-1", "1");
    t.set(ORDER + "OBR-3-1", alarm.getAlarmId());
    t.set(ORDER + "OBR-3-2", endpoints.sendingApplication());
    code(t, ORDER + "OBR-4", Pcd04Vocabulary.EVT_ALARM);
    t.set(ORDER + "OBR-7", HL7_TIME.format(Instant.ofEpochMilli(alarm.getOnsetTimeMillis())));
    if (alarm.getState() == org.ecgstream.schemas.AlarmState.CLEARED) {
      t.set(ORDER + "OBR-8", HL7_TIME.format(Instant.ofEpochMilli(alarm.getEventTimeMillis())));
    }
    int i = 0;
    for (Map.Entry<String, String> e : new TreeMap<>(alarm.getEvidence()).entrySet()) {
      t.set(ORDER + "NTE(" + i + ")-1", Integer.toString(i + 1));
      t.set(ORDER + "NTE(" + i + ")-3", e.getKey() + "=" + e.getValue());
      i++;
    }
  }

  private int identification(Terser t, Alarm alarm, String metric, int facet) throws HL7Exception {
    String obx = observation(facet) + "OBX";
    common(t, obx, facet, "ST", metric, alarm);
    t.set(obx + "-3-1", alarm.getKind());
    t.set(obx + "-3-2", readable(alarm.getKind()));
    t.set(obx + "-3-3", Pcd04Vocabulary.LOCAL_SYSTEM);
    t.set(obx + "-3-4", Pcd04Vocabulary.EVT_ALARM.code());
    t.set(obx + "-3-5", Pcd04Vocabulary.EVT_ALARM.text());
    t.set(obx + "-3-6", Pcd04Vocabulary.EVT_ALARM.system());
    t.set(obx + "-5", alarm.getMessage());
    t.set(obx + "-8(0)", Pcd04Vocabulary.priorityFlag(alarm.getPriority()));
    String source = Pcd04Vocabulary.sourceFlag(alarm.getCategory());
    if (source != null) {
      t.set(obx + "-8(1)", source);
    }
    String prt = observation(facet) + "PRT";
    t.set(prt + "-4-1", "EQUIP");
    t.set(prt + "-4-2", "Equipment");
    t.set(prt + "-4-3", "HL70912");
    t.set(prt + "-10-1", alarm.getSource());
    t.set(prt + "-10-2", endpoints.sendingApplication());
    if (alarm.getBedId() != null) {
      t.set(prt + "-9-3-1", alarm.getBedId());
    }
    return facet + 1;
  }

  private int value(Terser t, Alarm alarm, String metric, int facet) throws HL7Exception {
    String obx = observation(facet) + "OBX";
    common(t, obx, facet, "NM", metric, alarm);
    if (isHeartRate(alarm)) {
      code(t, obx + "-3", Pcd04Vocabulary.HEART_RATE);
      code(t, obx + "-6", Pcd04Vocabulary.BEATS_PER_MINUTE);
    } else {
      t.set(obx + "-3-1", alarm.getKind() + "_VALUE");
      t.set(obx + "-3-3", Pcd04Vocabulary.LOCAL_SYSTEM);
      if (alarm.getUnit() != null) {
        t.set(obx + "-6-1", alarm.getUnit());
        t.set(obx + "-6-3", "UCUM");
      }
    }
    t.set(obx + "-5", number(alarm.getValue()));
    if (alarm.getLimit() != null) {
      // OBX-7 reference range: the side of the crossed limit where values are normal.
      String side = alarm.getValue() > alarm.getLimit() ? "<" : ">";
      t.set(obx + "-7", side + number(alarm.getLimit()));
    }
    return facet + 1;
  }

  private int stringFacet(Terser t, int facet, String metric, Code identifier, String value) throws HL7Exception {
    String obx = observation(facet) + "OBX";
    t.set(obx + "-1", Integer.toString(facet + 1));
    t.set(obx + "-2", "ST");
    code(t, obx + "-3", identifier);
    t.set(obx + "-4", subId(metric, facet));
    t.set(obx + "-5", value);
    t.set(obx + "-11", "R");
    return facet + 1;
  }

  private void common(Terser t, String obx, int facet, String type, String metric, Alarm alarm) throws HL7Exception {
    t.set(obx + "-1", Integer.toString(facet + 1));
    t.set(obx + "-2", type);
    t.set(obx + "-4", subId(metric, facet));
    t.set(obx + "-11", "R");
    t.set(obx + "-14", HL7_TIME.format(Instant.ofEpochMilli(alarm.getEventTimeMillis())));
  }

  private static void code(Terser t, String field, Code code) throws HL7Exception {
    t.set(field + "-1", code.code());
    t.set(field + "-2", code.text());
    t.set(field + "-3", code.system());
  }

  private static String observation(int facet) {
    return ORDER + "OBSERVATION(" + facet + ")/";
  }

  private static String subId(String metric, int facet) {
    return "1.1.1." + metric + "." + (facet + 1);
  }

  private static boolean isHeartRate(Alarm alarm) {
    return "bpm".equalsIgnoreCase(alarm.getUnit()) || "/min".equals(alarm.getUnit());
  }

  private static String readable(String kind) {
    String words = kind.replace('_', ' ').toLowerCase(Locale.ROOT);
    return words.isEmpty() ? words : Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
  }
}
