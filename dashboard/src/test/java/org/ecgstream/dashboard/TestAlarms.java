package org.ecgstream.dashboard;

import java.util.Map;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmCategory;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;

/** Alarm state changes as the alarm job writes them, for the tests. */
public final class TestAlarms {

  private TestAlarms() {}

  /** A change of an asystole episode {@code id} of patient {@code p-id} at bed {@code bed-id}. */
  public static Alarm change(String id, int seq, AlarmState state, AlarmPriority priority, long at) {
    return Alarm.newBuilder()
        .setAlarmId(id).setStateSeq(seq).setPatientId("p-" + id).setBedId("bed-" + id).setKind("ASYSTOLE")
        .setCategory(AlarmCategory.CLINICAL).setPriority(priority).setState(state)
        .setOnsetTimeMillis(1000).setEventTimeMillis(at).setSource("asystole-detector")
        .setMessage("no QRS for 4.2 s").setEvidence(Map.of("longestRrMillis", "4200")).build();
  }
}
