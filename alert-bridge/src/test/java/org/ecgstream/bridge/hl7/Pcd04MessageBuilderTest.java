package org.ecgstream.bridge.hl7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v281.message.ORU_R01;
import ca.uhn.hl7v2.util.Terser;
import java.time.Instant;
import org.ecgstream.bridge.Alarms;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmCategory;
import org.ecgstream.schemas.AlarmState;
import org.junit.jupiter.api.Test;

/** The PCD-04 message of an alarm state change, encoded, parsed back with HAPI and read field by field. */
class Pcd04MessageBuilderTest {

  private static final Instant NOW = Instant.parse("2025-11-26T00:00:05.250Z");
  private static final String OBS = "/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION";

  private final Pcd04MessageBuilder builder = new Pcd04MessageBuilder(Pcd04Endpoints.defaults());

  @Test
  void raisedHighVentricularFibrillationIsAnOruR40WithPcd04HeaderPatientAndAlertFacets() throws Exception {
    Alarm vf = Alarms.ventricularFibrillation("P001", 0, AlarmState.RAISED);

    Terser t = parsedBack(vf);

    assertThat(t.get("/MSH-9-1")).isEqualTo("ORU");
    assertThat(t.get("/MSH-9-2")).isEqualTo("R40");
    assertThat(t.get("/MSH-9-3")).isEqualTo("ORU_R01");
    assertThat(t.get("/MSH-10")).isEqualTo("P001:VENTRICULAR_FIBRILLATION:1764115200000#0");
    assertThat(t.get("/MSH-12-1")).isEqualTo("2.6");
    assertThat(t.get("/MSH-15")).isEqualTo("AL");
    assertThat(t.get("/MSH-16")).isEqualTo("NE");
    assertThat(t.get("/MSH-21-1")).isEqualTo("IHE_PCD_ACM_001");
    assertThat(t.get("/MSH-21-3")).isEqualTo("1.3.6.1.4.1.19376.1.6.4.4.1");
    assertThat(t.get("/MSH-7")).isEqualTo("20251126000005.250+0000");

    assertThat(t.get("/PATIENT_RESULT/PATIENT/PID-3-1")).isEqualTo("P001");
    assertThat(t.get("/PATIENT_RESULT/PATIENT/PID-3-5")).isEqualTo("PI");
    assertThat(t.get("/PATIENT_RESULT/PATIENT/VISIT/PV1-3-3")).isEqualTo("ICU-P001");

    assertThat(t.get("/PATIENT_RESULT/ORDER_OBSERVATION/OBR-3-1")).isEqualTo(vf.getAlarmId());
    assertThat(t.get("/PATIENT_RESULT/ORDER_OBSERVATION/OBR-4-1")).isEqualTo("196616");
    assertThat(t.get("/PATIENT_RESULT/ORDER_OBSERVATION/OBR-7")).isEqualTo("20251126000000.000+0000");
    assertThat(t.get("/PATIENT_RESULT/ORDER_OBSERVATION/OBR-8")).isNull();
    assertThat(t.get("/PATIENT_RESULT/ORDER_OBSERVATION/NTE-3")).startsWith("detector=organised QRS absent");

    // Facet 1: alert identification, priority and source, the reporting detector in PRT.
    assertThat(t.get(OBS + "(0)/OBX-3-1")).isEqualTo("VENTRICULAR_FIBRILLATION");
    assertThat(t.get(OBS + "(0)/OBX-3-3")).isEqualTo("99ECG");
    assertThat(t.get(OBS + "(0)/OBX-3-4")).isEqualTo("196616");
    assertThat(t.get(OBS + "(0)/OBX-3-5")).isEqualTo("MDC_EVT_ALARM");
    assertThat(t.get(OBS + "(0)/OBX-4")).isEqualTo("1.1.1.0.1");
    assertThat(t.get(OBS + "(0)/OBX-5")).isEqualTo("VENTRICULAR FIBRILLATION");
    assertThat(t.get(OBS + "(0)/OBX-8(0)")).isEqualTo("PH");
    assertThat(t.get(OBS + "(0)/OBX-8(1)")).isEqualTo("SP");
    assertThat(t.get(OBS + "(0)/PRT-4-1")).isEqualTo("EQUIP");
    assertThat(t.get(OBS + "(0)/PRT-10-1")).isEqualTo("dsp:rhythm");

    // Facets 2-4: phase, state, inactivation state (no value facet for a rhythm alarm).
    assertFacet(t, 1, "68481", "MDC_ATTR_EVENT_PHASE", "start");
    assertFacet(t, 2, "68482", "MDC_ATTR_ALARM_STATE", "active");
    assertFacet(t, 3, "68483", "MDC_ATTR_ALARM_INACTIVATION_STATE", "enabled");
    assertThat(t.getSegment(OBS + "(0)/OBX").getMessage().getAll("PATIENT_RESULT")).hasSize(1);
  }

  @Test
  void clearedEpisodeEndsThePhaseMakesTheAlarmInactiveAndKeepsTheAlarmIdentity() throws Exception {
    Alarm cleared = Alarms.ventricularFibrillation("P001", 2, AlarmState.CLEARED);

    Terser t = parsedBack(cleared);

    assertThat(t.get("/MSH-10")).isEqualTo("P001:VENTRICULAR_FIBRILLATION:1764115200000#2");
    assertThat(t.get("/PATIENT_RESULT/ORDER_OBSERVATION/OBR-3-1"))
        .isEqualTo(Alarms.ventricularFibrillation("P001", 0, AlarmState.RAISED).getAlarmId());
    assertThat(t.get("/PATIENT_RESULT/ORDER_OBSERVATION/OBR-8")).isEqualTo("20251126000008.000+0000");
    assertFacet(t, 1, "68481", "MDC_ATTR_EVENT_PHASE", "end");
    assertFacet(t, 2, "68482", "MDC_ATTR_ALARM_STATE", "inactive");
  }

  @Test
  void acknowledgedAndEscalatedChangesCarryTheirPhaseAndInactivationState() throws Exception {
    Terser acked = parsedBack(Alarms.ventricularFibrillation("P001", 1, AlarmState.ACKNOWLEDGED));
    assertFacet(acked, 1, "68481", "MDC_ATTR_EVENT_PHASE", "update");
    assertFacet(acked, 2, "68482", "MDC_ATTR_ALARM_STATE", "active");
    assertFacet(acked, 3, "68483", "MDC_ATTR_ALARM_INACTIVATION_STATE", "alert-acknowledged");

    Terser escalated = parsedBack(Alarms.ventricularFibrillation("P001", 1, AlarmState.ESCALATED));
    assertFacet(escalated, 1, "68481", "MDC_ATTR_EVENT_PHASE", "escalate");
  }

  @Test
  void heartRateAlarmCarriesTheValueInBeatsPerMinuteAndTheCrossedLimitAsReferenceRange() throws Exception {
    Terser t = parsedBack(Alarms.heartRateHigh("P002", 0, AlarmState.RAISED, 142.5));

    assertThat(t.get(OBS + "(0)/OBX-8(0)")).isEqualTo("PM");
    assertThat(t.get(OBS + "(0)/OBX-4")).isEqualTo("1.1.1.147842.1");
    assertThat(t.get(OBS + "(1)/OBX-2")).isEqualTo("NM");
    assertThat(t.get(OBS + "(1)/OBX-3-1")).isEqualTo("147842");
    assertThat(t.get(OBS + "(1)/OBX-3-2")).isEqualTo("MDC_ECG_HEART_RATE");
    assertThat(t.get(OBS + "(1)/OBX-4")).isEqualTo("1.1.1.147842.2");
    assertThat(t.get(OBS + "(1)/OBX-5")).isEqualTo("142.5");
    assertThat(t.get(OBS + "(1)/OBX-6-1")).isEqualTo("264864");
    assertThat(t.get(OBS + "(1)/OBX-7")).isEqualTo("<120");
    assertFacet(t, 2, "68481", "MDC_ATTR_EVENT_PHASE", "start");
    // No bed: no PV1 location.
    assertThat(t.get("/PATIENT_RESULT/PATIENT/VISIT/PV1-3-3")).isNull();
  }

  @Test
  void technicalAndAdvisoryAlarmsAreFlaggedAsSuch() throws Exception {
    Alarm leadOff = Alarm.newBuilder(Alarms.ventricularFibrillation("P003", 0, AlarmState.RAISED))
        .setKind("LEAD_OFF").setCategory(AlarmCategory.TECHNICAL).build();
    Alarm advisory = Alarm.newBuilder(Alarms.ventricularFibrillation("P003", 0, AlarmState.RAISED))
        .setKind("ATRIAL_FIBRILLATION_MODEL").setCategory(AlarmCategory.ADVISORY).build();

    assertThat(parsedBack(leadOff).get(OBS + "(0)/OBX-8(1)")).isEqualTo("ST");
    assertThat(parsedBack(advisory).get(OBS + "(0)/OBX-8(1)")).isEqualTo("SA");
  }

  @Test
  void delimitersInTheAlarmTextAreEscapedAndComeBackUnchanged() throws Exception {
    Alarm odd = Alarm.newBuilder(Alarms.ventricularFibrillation("P004", 0, AlarmState.RAISED))
        .setMessage("VF | detector^x & y ~ z \\ end").build();

    Terser t = parsedBack(odd);

    assertThat(t.get(OBS + "(0)/OBX-5")).isEqualTo("VF | detector^x & y ~ z \\ end");
    assertThat(t.get(OBS + "(0)/OBX-8(0)")).isEqualTo("PH");
  }

  @Test
  void controlIdIsStablePerStateChangeAndHashedWhenTheAlarmIdHoldsDelimiters() {
    assertThat(MessageControlIds.of("a:b:1", 3)).isEqualTo("a:b:1#3").isEqualTo(MessageControlIds.of("a:b:1", 3));
    String hashed = MessageControlIds.of("a|b^c", 3);
    assertThat(hashed).startsWith("u").doesNotContain("|", "^").isEqualTo(MessageControlIds.of("a|b^c", 3));
    assertThat(hashed).isNotEqualTo(MessageControlIds.of("a|b^c", 4));
  }

  @Test
  void anUnknownStateIsRefusedRatherThanReportedWithAGuessedPhase() {
    Alarm unknown = Alarm.newBuilder(Alarms.ventricularFibrillation("P005", 0, AlarmState.RAISED))
        .setState(AlarmState.UNKNOWN).build();
    assertThatThrownBy(() -> builder.build(unknown, NOW))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no PCD-04 event phase");
  }

  private Terser parsedBack(Alarm alarm) throws Exception {
    String encoded = builder.encode(alarm, NOW);
    Message parsed = Hl7Parsers.pipeParser().parse(encoded);
    assertThat(parsed).isInstanceOf(ORU_R01.class);
    return new Terser(parsed);
  }

  private static void assertFacet(Terser t, int index, String code, String name, String value) throws Exception {
    String obx = OBS + "(" + index + ")/OBX";
    assertThat(t.get(obx + "-3-1")).as(name).isEqualTo(code);
    assertThat(t.get(obx + "-3-2")).as(name).isEqualTo(name);
    assertThat(t.get(obx + "-4")).as(name).endsWith("." + (index + 1));
    assertThat(t.get(obx + "-5")).as(name).isEqualTo(value);
  }
}
