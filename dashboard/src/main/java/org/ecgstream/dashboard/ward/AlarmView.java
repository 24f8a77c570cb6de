package org.ecgstream.dashboard.ward;

import java.util.Map;
import java.util.TreeMap;
import org.ecgstream.schemas.Alarm;

/**
 * What the dashboard shows of one alarm episode: its latest state change, and who asked to
 * acknowledge it here while the alarm job has not yet confirmed (ACKNOWLEDGED comes back on the
 * alerts topic once the job has read the acknowledgement).
 */
public record AlarmView(String alarmId, int stateSeq, String patientId, String bedKey, String kind, String category,
    String priority, String state, long onsetTimeMillis, long eventTimeMillis, Double value, String unit, Double limit,
    String source, String message, Map<String, String> evidence, String ackRequestedBy) {

  static AlarmView of(Alarm a, String bedKey) {
    return new AlarmView(a.getAlarmId(), a.getStateSeq(), a.getPatientId(), bedKey, a.getKind(), a.getCategory().name(),
        a.getPriority().name(), a.getState().name(), a.getOnsetTimeMillis(), a.getEventTimeMillis(), a.getValue(),
        a.getUnit(), a.getLimit(), a.getSource(), a.getMessage(), new TreeMap<>(a.getEvidence()), null);
  }

  AlarmView withAckRequestedBy(String user) {
    return new AlarmView(alarmId, stateSeq, patientId, bedKey, kind, category, priority, state, onsetTimeMillis,
        eventTimeMillis, value, unit, limit, source, message, evidence, user);
  }

  public boolean active() {
    return !"CLEARED".equals(state);
  }

  public boolean acknowledged() {
    return "ACKNOWLEDGED".equals(state);
  }
}
