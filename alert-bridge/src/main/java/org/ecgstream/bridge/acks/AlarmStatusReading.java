package org.ecgstream.bridge.acks;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Structure;
import ca.uhn.hl7v2.model.v281.message.ORU_R01;
import ca.uhn.hl7v2.util.Terser;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.ecgstream.bridge.hl7.Hl7Parsers;
import org.ecgstream.schemas.AlarmAck;

/**
 * Reads an alert status report from the Alert Manager (IHE PCD-05 "Report Alert Status",
 * {@code ORU^R41}) and, when it says that a caregiver acknowledged the alert, the {@link AlarmAck}.
 *
 * <p>What is read (the bridge's contract with the Alert Manager; check it against the Alert
 * Manager's conformance statement):
 * <ul>
 *   <li>the alarm: OBR-3-1, the alarm id the bridge sent in PCD-04 OBR-3; the patient: PID-3-1;
 *   <li>an acknowledgement: an OBX whose value (OBX-5) is {@code alert-acknowledged} (under
 *       MDC_ATTR_ALARM_INACTIVATION_STATE), {@code acknowledged} or {@code accepted}; other statuses
 *       (delivered, read, rejected, ...) are answered AA and not forwarded;
 *   <li>who: the person of a PRT segment (PRT-5: id, else family and given name), else the
 *       responsible observer (OBX-16), else the sending application (MSH-3);
 *   <li>when: OBX-14 of that OBX, else MSH-7.
 * </ul>
 */
public final class AlarmStatusReading {

  private static final Set<String> ACKNOWLEDGED = Set.of("alert-acknowledged", "acknowledged", "accepted");
  private static final String OBS = "/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(";

  private AlarmStatusReading() {}

  /** The acknowledgement the message reports, or empty for another status; throws when a required field is missing. */
  public static Optional<AlarmAck> acknowledgement(Message message) throws HL7Exception {
    Terser t = new Terser(message);
    String event = t.get("/MSH-9-2");
    if (!"R41".equals(event)) {
      throw new IllegalArgumentException("expected an alert status report ORU^R41 (PCD-05), got " + t.get("/MSH-9-1") + "^" + event);
    }
    String alarmId = t.get("/PATIENT_RESULT/ORDER_OBSERVATION/OBR-3-1");
    String patientId = t.get("/PATIENT_RESULT/PATIENT/PID-3-1");
    if (blank(alarmId) || blank(patientId)) {
      throw new IllegalArgumentException("alert status report without " + (blank(alarmId) ? "alarm id (OBR-3)" : "patient id (PID-3)"));
    }
    if (!(message instanceof ORU_R01 oru)) {
      throw new IllegalArgumentException("alert status report is not an ORU_R01 structure (MSH-9-3)");
    }
    int observations = oru.getPATIENT_RESULT().getORDER_OBSERVATION().getOBSERVATIONReps();
    for (int i = 0; i < observations; i++) {
      String value = t.get(OBS + i + ")/OBX-5");
      if (value == null || !ACKNOWLEDGED.contains(value.trim().toLowerCase(Locale.ROOT))) {
        continue;
      }
      String who = person(t, OBS + i + ")/PRT");
      if (who == null) {
        who = person(t, "/PATIENT_RESULT/ORDER_OBSERVATION/PRT");
      }
      if (who == null) {
        who = nonBlank(t.get(OBS + i + ")/OBX-16-1"), t.get("/MSH-3-1"));
      }
      String when = nonBlank(t.get(OBS + i + ")/OBX-14"), t.get("/MSH-7"));
      return Optional.of(AlarmAck.newBuilder()
          .setAlarmId(alarmId)
          .setPatientId(patientId)
          .setAcknowledgedBy(who == null ? "unknown" : who)
          .setAcknowledgedAtMillis(millis(when))
          .setSource("hl7")
          .setComment("PCD-05 " + t.get("/MSH-10"))
          .build());
    }
    return Optional.empty();
  }

  /** Parses pipe-delimited text (into the 2.8.1 structures) and reads it. */
  public static Optional<AlarmAck> acknowledgement(String text) throws HL7Exception {
    return acknowledgement(Hl7Parsers.pipeParser().parse(text));
  }

  private static String person(Terser t, String prt) throws HL7Exception {
    Structure segment;
    try {
      segment = t.getSegment(prt);
    } catch (HL7Exception e) {
      return null;
    }
    if (segment == null || ((ca.uhn.hl7v2.model.Segment) segment).isEmpty()) {
      return null;
    }
    String id = t.get(prt + "-5-1");
    if (!blank(id)) {
      return id;
    }
    String family = t.get(prt + "-5-2-1");
    String given = t.get(prt + "-5-3");
    return blank(family) ? null : (family + (blank(given) ? "" : ", " + given));
  }

  static long millis(String hl7Time) {
    if (blank(hl7Time)) {
      throw new IllegalArgumentException("alert status report without a time (OBX-14 or MSH-7)");
    }
    String t = hl7Time.trim();
    int zone = Math.max(t.indexOf('+'), t.indexOf('-'));
    String local = zone > 0 ? t.substring(0, zone) : t;
    ZoneOffset offset = zone > 0 ? ZoneOffset.of(t.substring(zone, zone + 3) + ":" + t.substring(zone + 3)) : ZoneOffset.UTC;
    String fraction = "";
    int dot = local.indexOf('.');
    if (dot > 0) {
      fraction = local.substring(dot + 1);
      local = local.substring(0, dot);
    }
    String padded = (local + "00000000000000").substring(0, 14);
    try {
      LocalDateTime time = LocalDateTime.parse(padded, DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT));
      long nanos = fraction.isEmpty() ? 0 : Long.parseLong((fraction + "000000000").substring(0, 9));
      return OffsetDateTime.of(time.withNano((int) nanos), offset).toInstant().toEpochMilli();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException("not an HL7 date/time: '" + hl7Time + "'");
    }
  }

  private static String nonBlank(String first, String second) {
    return blank(first) ? (blank(second) ? null : second) : first;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
