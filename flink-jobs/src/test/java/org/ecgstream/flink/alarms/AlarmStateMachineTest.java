package org.ecgstream.flink.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.ecgstream.flink.TestJobs;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmAck;
import org.ecgstream.schemas.AlarmCategory;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Alarm episode lifecycle: latching, acknowledgement, escalation (IEC 60601-1-8), and restarts from a checkpoint. */
@Timeout(120)
class AlarmStateMachineTest {

  @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.miniCluster();

  private static final long ESCALATE_AFTER = 60_000;

  @Test
  void acknowledgedWhileActiveThenClearsWithTheConditionAndNeverEscalates() throws Exception {
    List<Alarm> out = run(
        List.of(condition("VENTRICULAR_FIBRILLATION", AlarmPriority.HIGH, AlarmState.RAISED, 10_000),
            condition("VENTRICULAR_FIBRILLATION", AlarmPriority.HIGH, AlarmState.CLEARED, 90_000)),
        List.of(ack("VENTRICULAR_FIBRILLATION", 20_000)));

    assertThat(out).extracting(Alarm::getState).containsExactly(AlarmState.RAISED, AlarmState.ACKNOWLEDGED, AlarmState.CLEARED);
    assertThat(out).extracting(Alarm::getStateSeq).containsExactly(0, 1, 2);
  }

  @Test
  void mediumPriorityDoesNotLatchButStillEscalatesWhileUnacknowledged() throws Exception {
    List<Alarm> out = run(
        List.of(condition("HEART_RATE_HIGH", AlarmPriority.MEDIUM, AlarmState.RAISED, 0),
            condition("HEART_RATE_HIGH", AlarmPriority.MEDIUM, AlarmState.CLEARED, 30_000),
            condition("HEART_RATE_LOW", AlarmPriority.MEDIUM, AlarmState.RAISED, 40_000),
            condition("HEART_RATE_LOW", AlarmPriority.MEDIUM, AlarmState.CLEARED, 130_000)),
        List.of());

    assertThat(out).extracting(Alarm::getKind, Alarm::getState).containsExactly(
        org.assertj.core.api.Assertions.tuple("HEART_RATE_HIGH", AlarmState.RAISED),
        org.assertj.core.api.Assertions.tuple("HEART_RATE_HIGH", AlarmState.CLEARED),
        org.assertj.core.api.Assertions.tuple("HEART_RATE_LOW", AlarmState.RAISED),
        org.assertj.core.api.Assertions.tuple("HEART_RATE_LOW", AlarmState.ESCALATED),
        org.assertj.core.api.Assertions.tuple("HEART_RATE_LOW", AlarmState.CLEARED));
    assertThat(out.get(3).getEventTimeMillis()).isEqualTo(40_000 + ESCALATE_AFTER);
  }

  @Test
  void secondAcknowledgementAndAcksForUnknownAlarmsChangeNothing() throws Exception {
    List<Alarm> out = run(
        List.of(condition("ASYSTOLE", AlarmPriority.HIGH, AlarmState.RAISED, 1_000)),
        List.of(ack("ASYSTOLE", 5_000), ack("ASYSTOLE", 6_000), ack("NO_SUCH_ALARM", 7_000)));

    assertThat(out).extracting(Alarm::getState).containsExactly(AlarmState.RAISED, AlarmState.ACKNOWLEDGED);
  }

  @Test
  void heartRateAlarmsAreSuppressedWhileVfIsActiveButNotAfterIt() throws Exception {
    List<Alarm> out = run(
        List.of(condition("VENTRICULAR_FIBRILLATION", AlarmPriority.HIGH, AlarmState.RAISED, 10_000),
            condition("HEART_RATE_HIGH", AlarmPriority.MEDIUM, AlarmState.RAISED, 14_000),
            condition("HEART_RATE_HIGH", AlarmPriority.MEDIUM, AlarmState.CLEARED, 18_000),
            condition("VENTRICULAR_FIBRILLATION", AlarmPriority.HIGH, AlarmState.CLEARED, 20_000),
            condition("HEART_RATE_LOW", AlarmPriority.MEDIUM, AlarmState.RAISED, 30_000)),
        List.of(ack("VENTRICULAR_FIBRILLATION", 12_000)));

    assertThat(out).extracting(Alarm::getKind, Alarm::getState).containsExactly(
        org.assertj.core.api.Assertions.tuple("VENTRICULAR_FIBRILLATION", AlarmState.RAISED),
        org.assertj.core.api.Assertions.tuple("VENTRICULAR_FIBRILLATION", AlarmState.ACKNOWLEDGED),
        org.assertj.core.api.Assertions.tuple("VENTRICULAR_FIBRILLATION", AlarmState.CLEARED),
        org.assertj.core.api.Assertions.tuple("HEART_RATE_LOW", AlarmState.RAISED),
        org.assertj.core.api.Assertions.tuple("HEART_RATE_LOW", AlarmState.ESCALATED));
  }

  @Test
  void latchedAlarmSurvivesARestartFromACheckpointAndClearsOnlyWhenAcknowledged() throws Exception {
    Alarm raised = condition("VENTRICULAR_FIBRILLATION", AlarmPriority.HIGH, AlarmState.RAISED, 10_000);
    Alarm ended = Alarm.newBuilder(condition("VENTRICULAR_FIBRILLATION", AlarmPriority.HIGH, AlarmState.CLEARED, 20_000))
        .setOnsetTimeMillis(10_000).build();
    OperatorSubtaskState checkpoint;
    List<Alarm> before;
    try (var harness = harness()) {
      harness.open();
      harness.processElement1(new StreamRecord<>(raised, 10_000));
      harness.processElement1(new StreamRecord<>(ended, 20_000));
      harness.processBothWatermarks(new Watermark(25_000));
      before = new ArrayList<>(harness.extractOutputValues());
      checkpoint = harness.snapshot(1, 25_000);
    }
    assertThat(before).extracting(Alarm::getState, Alarm::getStateSeq)
        .containsExactly(org.assertj.core.api.Assertions.tuple(AlarmState.RAISED, 0),
            org.assertj.core.api.Assertions.tuple(AlarmState.UPDATED, 1));

    // The job restarts from the checkpoint; the source replays the raise (at-least-once upstream)
    // and a nurse acknowledges at 30 s.
    List<Alarm> after;
    try (var harness = harness()) {
      harness.initializeState(checkpoint);
      harness.open();
      harness.processElement1(new StreamRecord<>(raised, 10_000));
      harness.processElement2(new StreamRecord<>(ack("VENTRICULAR_FIBRILLATION", 30_000), 30_000));
      harness.processBothWatermarks(new Watermark(35_000));
      after = new ArrayList<>(harness.extractOutputValues());
    }
    assertThat(after).extracting(Alarm::getState, Alarm::getStateSeq)
        .containsExactly(org.assertj.core.api.Assertions.tuple(AlarmState.ACKNOWLEDGED, 2),
            org.assertj.core.api.Assertions.tuple(AlarmState.CLEARED, 3));
    assertThat(after).allMatch(a -> a.getAlarmId().equals(raised.getAlarmId()));
    assertThat(after.get(0).getEvidence()).containsEntry("acknowledgedBy", "nurse");
  }

  @Test
  void escalationTimerSurvivesARestart() throws Exception {
    Alarm raised = condition("ASYSTOLE", AlarmPriority.HIGH, AlarmState.RAISED, 5_000);
    OperatorSubtaskState checkpoint;
    try (var harness = harness()) {
      harness.open();
      harness.processElement1(new StreamRecord<>(raised, 5_000));
      harness.processBothWatermarks(new Watermark(30_000));
      checkpoint = harness.snapshot(1, 30_000);
    }
    try (var harness = harness()) {
      harness.initializeState(checkpoint);
      harness.open();
      harness.processBothWatermarks(new Watermark(5_000 + ESCALATE_AFTER));
      assertThat(harness.extractOutputValues()).extracting(Alarm::getState, Alarm::getEventTimeMillis)
          .containsExactly(org.assertj.core.api.Assertions.tuple(AlarmState.ESCALATED, 5_000 + ESCALATE_AFTER));
    }
  }

  @Test
  void modelEvidenceIsAddedOnceToAnActiveDetectorAlarmOfItsKindAndNeverRaisesOne() throws Exception {
    Alarm af = condition("ATRIAL_FIBRILLATION", AlarmPriority.LOW, AlarmState.RAISED, 10_000);
    try (var harness = harness()) {
      harness.open();
      harness.processElement1(new StreamRecord<>(evidence("ATRIAL_FIBRILLATION", 0.62, 5_000), 5_000));
      assertThat(harness.extractOutputValues()).as("evidence alone raises nothing").isEmpty();

      harness.processElement1(new StreamRecord<>(af, 10_000));
      harness.processElement1(new StreamRecord<>(evidence("ATRIAL_FIBRILLATION", 0.71, 15_000), 15_000));
      harness.processElement1(new StreamRecord<>(evidence("ATRIAL_FIBRILLATION", 0.75, 20_000), 20_000));

      List<Alarm> out = harness.extractOutputValues();
      // The raise carries the fresh evidence from 5 s before it; later evidence of the same model adds nothing.
      assertThat(out).extracting(Alarm::getState).containsExactly(AlarmState.RAISED);
      assertThat(out.get(0).getEvidence()).containsEntry("model.atrial_fibrillation", "0.62")
          .containsEntry("model", "cmelt-tiny@0.1.0");
      assertThat(out.get(0).getEventTimeMillis()).isEqualTo(10_000);
    }
  }

  @Test
  void evidenceArrivingAfterTheRaiseComesAsAnUpdateAndStaleEvidenceIsNotAttached() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processElement1(new StreamRecord<>(evidence("ATRIAL_FIBRILLATION", 0.40, 0), 0));
      harness.processElement1(new StreamRecord<>(condition("ATRIAL_FIBRILLATION", AlarmPriority.LOW, AlarmState.RAISED, 60_000), 60_000));
      harness.processElement1(new StreamRecord<>(evidence("ATRIAL_FIBRILLATION", 0.66, 65_000), 65_000));
      harness.processElement1(new StreamRecord<>(evidence("VENTRICULAR_FIBRILLATION", 0.9, 65_000), 65_000));

      List<Alarm> out = harness.extractOutputValues();
      assertThat(out).extracting(Alarm::getState, Alarm::getStateSeq)
          .containsExactly(org.assertj.core.api.Assertions.tuple(AlarmState.RAISED, 0),
              org.assertj.core.api.Assertions.tuple(AlarmState.UPDATED, 1));
      assertThat(out.get(0).getEvidence()).doesNotContainKey("model.atrial_fibrillation");
      assertThat(out.get(1).getEvidence()).containsEntry("model.atrial_fibrillation", "0.66");
      assertThat(out.get(1).getMessage()).endsWith("(model evidence added)");
    }
  }

  private static Alarm evidence(String kind, double probability, long time) {
    return Alarm.newBuilder().setAlarmId("p1:evidence:" + kind).setPatientId("p1").setBedId("b1").setKind(kind)
        .setCategory(AlarmCategory.ADVISORY).setPriority(AlarmPriority.LOW).setState(AlarmState.UPDATED)
        .setOnsetTimeMillis(time - 10_000).setEventTimeMillis(time)
        .setSource(ModelEvidence.SOURCE_PREFIX + "cmelt-tiny@0.1.0").setMessage("model evidence")
        .setEvidence(Map.of("model", "cmelt-tiny@0.1.0", "model.atrial_fibrillation", String.format(java.util.Locale.ROOT, "%.2f", probability)))
        .build();
  }

  private static KeyedTwoInputStreamOperatorTestHarness<String, Alarm, AlarmAck, Alarm> harness() throws Exception {
    return new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(new AlarmStateMachine(ESCALATE_AFTER)),
        Alarm::getPatientId, AlarmAck::getPatientId, Types.STRING);
  }

  private static Alarm condition(String kind, AlarmPriority priority, AlarmState state, long time) {
    return Alarm.newBuilder().setAlarmId("p1:" + kind).setPatientId("p1").setBedId("b1").setKind(kind)
        .setCategory(AlarmCategory.CLINICAL).setPriority(priority).setState(state)
        .setOnsetTimeMillis(state == AlarmState.RAISED ? time : -1).setEventTimeMillis(time)
        .setSource("test").setMessage(kind).setEvidence(Map.of()).build();
  }

  private static AlarmAck ack(String kind, long time) {
    return AlarmAck.newBuilder().setAlarmId("p1:" + kind).setPatientId("p1").setAcknowledgedBy("nurse")
        .setAcknowledgedAtMillis(time).setSource("test").build();
  }

  private static List<Alarm> run(List<Alarm> conditions, List<AlarmAck> acks) throws Exception {
    // Cleared conditions carry the onset of their episode, as the detectors send them.
    List<Alarm> withOnsets = new ArrayList<>();
    Map<String, Long> onsets = new java.util.HashMap<>();
    for (Alarm c : conditions) {
      if (c.getState() == AlarmState.RAISED) {
        onsets.put(c.getAlarmId(), c.getOnsetTimeMillis());
      }
      withOnsets.add(Alarm.newBuilder(c).setOnsetTimeMillis(onsets.get(c.getAlarmId())).build());
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(TestJobs.failFast());
    env.setParallelism(1);
    var conditionStream = env.fromData(withOnsets, TypeInformation.of(Alarm.class))
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Alarm>forMonotonousTimestamps()
            .withTimestampAssigner((a, ts) -> a.getEventTimeMillis()));
    var ackStream = acks.isEmpty()
        ? org.ecgstream.flink.job.EventTime.nothingFollowing(conditionStream, AlarmAck.class)
        : env.fromData(acks, TypeInformation.of(AlarmAck.class))
            .assignTimestampsAndWatermarks(WatermarkStrategy.<AlarmAck>forMonotonousTimestamps()
                .withTimestampAssigner((a, ts) -> a.getAcknowledgedAtMillis()));
    List<Alarm> out = new ArrayList<>();
    conditionStream.keyBy(Alarm::getPatientId)
        .connect(ackStream.keyBy(AlarmAck::getPatientId))
        .process(new AlarmStateMachine(ESCALATE_AFTER))
        .executeAndCollect()
        .forEachRemaining(out::add);
    out.sort(java.util.Comparator.comparingLong(Alarm::getEventTimeMillis).thenComparingInt(Alarm::getStateSeq));
    return out;
  }
}
