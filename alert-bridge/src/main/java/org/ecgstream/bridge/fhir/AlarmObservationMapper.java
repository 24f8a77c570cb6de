package org.ecgstream.bridge.fhir;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.ecgstream.bridge.hl7.MessageControlIds;
import org.ecgstream.bridge.hl7.Pcd04Vocabulary;
import org.ecgstream.bridge.hl7.Pcd04Vocabulary.Code;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmState;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * One alarm state change as a FHIR R4 Observation, the resource the Devices on FHIR work uses for
 * what a device reports (R4 has no alert resource; R6's DeviceAlert is not final).
 *
 * <p>The resource id is derived from alarm id and state sequence, so delivering it again (a PUT to
 * the same id) changes nothing. The alarm facets of the HL7 message (event phase, alarm state,
 * inactivation state) are components with the same MDC codes; patient and detector are logical
 * references by identifier, since the bridge does not know the FHIR server's resource ids.
 */
public final class AlarmObservationMapper {

  public static final String MDC_SYSTEM = "urn:iso:std:iso:11073:10101";
  public static final String ALARM_SYSTEM = "urn:ecg-stream:alarm";
  public static final String STATE_CHANGE_SYSTEM = "urn:ecg-stream:alarm-state-change";
  public static final String KIND_SYSTEM = "urn:ecg-stream:alarm-kind";
  public static final String ATTRIBUTE_SYSTEM = "urn:ecg-stream:alarm-attribute";
  public static final String PRIORITY_SYSTEM = "urn:ecg-stream:alarm-priority";
  public static final String CATEGORY_SYSTEM = "urn:ecg-stream:alarm-category";
  public static final String EVIDENCE_SYSTEM = "urn:ecg-stream:alarm-evidence";

  private final String patientSystem;
  private final String deviceSystem;

  public AlarmObservationMapper(String patientSystem, String deviceSystem) {
    this.patientSystem = patientSystem;
    this.deviceSystem = deviceSystem;
  }

  /** The resource id of a state change: {@code alarm-} and a name-based UUID of alarm id and state sequence. */
  public static String resourceId(Alarm alarm) {
    return "alarm-" + UUID.nameUUIDFromBytes((alarm.getAlarmId() + "\n" + alarm.getStateSeq()).getBytes(StandardCharsets.UTF_8));
  }

  public Observation map(Alarm alarm) {
    String phase = Pcd04Vocabulary.eventPhase(alarm.getState()); // refuses unmappable states first
    Observation o = new Observation();
    o.setId(resourceId(alarm));
    o.addIdentifier(new Identifier().setSystem(STATE_CHANGE_SYSTEM).setValue(MessageControlIds.of(alarm)));
    o.addIdentifier(new Identifier().setSystem(ALARM_SYSTEM).setValue(alarm.getAlarmId()));
    o.setStatus(Observation.ObservationStatus.FINAL);
    o.addCategory(new CodeableConcept(new Coding(CATEGORY_SYSTEM, alarm.getCategory().name(), null)));
    o.setCode(new CodeableConcept()
        .addCoding(mdc(Pcd04Vocabulary.EVT_ALARM))
        .addCoding(new Coding(KIND_SYSTEM, alarm.getKind(), null))
        .setText(alarm.getKind()));
    o.setSubject(new Reference().setType("Patient")
        .setIdentifier(new Identifier().setSystem(patientSystem).setValue(alarm.getPatientId())));
    o.setDevice(new Reference().setType("Device").setDisplay(alarm.getSource())
        .setIdentifier(new Identifier().setSystem(deviceSystem).setValue(alarm.getSource())));
    Period period = new Period().setStart(new Date(alarm.getOnsetTimeMillis()));
    if (alarm.getState() == AlarmState.CLEARED) {
      period.setEnd(new Date(alarm.getEventTimeMillis()));
    }
    o.setEffective(period);
    o.setIssued(new Date(alarm.getEventTimeMillis()));
    if (alarm.getValue() != null) {
      o.setValue(quantity(alarm.getValue(), alarm.getUnit()));
      if (alarm.getLimit() != null) {
        Observation.ObservationReferenceRangeComponent range = o.addReferenceRange();
        if (alarm.getValue() > alarm.getLimit()) {
          range.setHigh(quantity(alarm.getLimit(), alarm.getUnit()));
        } else {
          range.setLow(quantity(alarm.getLimit(), alarm.getUnit()));
        }
      }
    } else {
      o.setValue(new StringType(alarm.getMessage()));
    }
    o.addNote().setText(alarm.getMessage());
    component(o, mdc(Pcd04Vocabulary.EVENT_PHASE), new StringType(phase));
    component(o, mdc(Pcd04Vocabulary.ALARM_STATE), new StringType(Pcd04Vocabulary.alarmState(alarm.getState())));
    component(o, mdc(Pcd04Vocabulary.INACTIVATION_STATE), new StringType(Pcd04Vocabulary.inactivationState(alarm.getState())));
    component(o, new Coding(ATTRIBUTE_SYSTEM, "priority", "IEC 60601-1-8 priority"),
        new CodeableConcept(new Coding(PRIORITY_SYSTEM, alarm.getPriority().name(), null)));
    component(o, new Coding(ATTRIBUTE_SYSTEM, "state-change", "alarm state change"), new StringType(alarm.getState().name()));
    component(o, new Coding(ATTRIBUTE_SYSTEM, "state-seq", "state change number within the episode"),
        new IntegerType(alarm.getStateSeq()));
    for (Map.Entry<String, String> e : new TreeMap<>(alarm.getEvidence()).entrySet()) {
      component(o, new Coding(EVIDENCE_SYSTEM, e.getKey(), null), new StringType(e.getValue()));
    }
    return o;
  }

  private static void component(Observation o, Coding code, org.hl7.fhir.r4.model.Type value) {
    ObservationComponentComponent c = o.addComponent();
    c.setCode(new CodeableConcept(code));
    c.setValue(value);
  }

  private static Coding mdc(Code code) {
    return new Coding(MDC_SYSTEM, code.code(), code.text());
  }

  private static Quantity quantity(double value, String unit) {
    Quantity q = new Quantity().setValue(value);
    if (unit != null) {
      boolean perMinute = unit.toLowerCase(Locale.ROOT).equals("bpm");
      q.setUnit(unit).setSystem("http://unitsofmeasure.org").setCode(perMinute ? "/min" : unit);
    }
    return q;
  }
}
