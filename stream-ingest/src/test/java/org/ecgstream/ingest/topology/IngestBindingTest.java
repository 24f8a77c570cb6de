package org.ecgstream.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecgstream.ingest.topology.IngestHarness.T0;
import static org.ecgstream.ingest.topology.IngestHarness.bytesOf;
import static org.ecgstream.ingest.topology.IngestHarness.frame;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ecgstream.schemas.Admission;
import org.ecgstream.schemas.RejectedRecord;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Device-to-patient binding from ecg.admissions: re-keying by patient, holding frames of unbound
 * devices (10 s by default) before UNBOUND_DEVICE, re-binding at the admission's effective time.
 */
class IngestBindingTest {

  private IngestHarness ingest;

  @BeforeEach
  void start() {
    ingest = new IngestHarness();
  }

  @AfterEach
  void stop() {
    ingest.close();
  }

  @Test
  void frameFromAdmittedDeviceIsKeyedByPatientAndCarriesPatientAndBed() {
    ingest.admit("monitor-7", "patient-42", "bed-7", T0);

    ingest.send(frame("monitor-7", 0));

    var out = ingest.framesOut();
    assertThat(out).extracting(kv -> kv.key).containsExactly("patient-42");
    assertThat(out.get(0).value.getPatientId()).isEqualTo("patient-42");
    assertThat(out.get(0).value.getBedId()).isEqualTo("bed-7");
    assertThat(out.get(0).value.getDeviceId()).isEqualTo("monitor-7");
  }

  @Test
  void framesOfAnUnboundDeviceAreHeldThenDeadLetteredUnboundWithTheirOriginalBytes() {
    byte[] bytes = EcgSerdes.frames().serialize(frame("monitor-9", 0));
    ingest.send("monitor-9", bytes);
    ingest.send(frame("monitor-9", 1));
    ingest.advanceWallClock(9_000);
    assertThat(ingest.deadLetters.isEmpty()).isTrue();

    ingest.advanceWallClock(1_000);

    List<RejectedRecord> rejected = ingest.deadLettersOut();
    assertThat(rejected).extracting(RejectedRecord::getReasonCode).containsExactly("UNBOUND_DEVICE", "UNBOUND_DEVICE");
    assertThat(rejected.get(0).getDetail()).contains("monitor-9").contains("no admission");
    assertThat(rejected.get(0).getSourceTopic()).isEqualTo(ingest.config.topics().raw());
    assertThat(rejected.get(0).getSourceOffset()).isZero();
    assertThat(rejected.get(1).getSourceOffset()).isEqualTo(1);
    assertThat(bytesOf(rejected.get(0).getOriginalValue())).isEqualTo(bytes);
    assertThat(bytesOf(rejected.get(0).getOriginalKey())).isEqualTo("monitor-9".getBytes(StandardCharsets.UTF_8));
    assertThat(ingest.frames.isEmpty()).isTrue();
  }

  @Test
  void admissionArrivingWhileFramesAreHeldReleasesThemInOrderToThePatient() {
    ingest.send(frame("monitor-3", 0));
    ingest.send(frame("monitor-3", 1));
    ingest.advanceWallClock(5_000);

    ingest.admit("monitor-3", "patient-3", "bed-3", T0);
    ingest.send(frame("monitor-3", 2));

    assertThat(ingest.framesOut()).extracting(kv -> kv.key + ":" + kv.value.getSeq())
        .containsExactly("patient-3:0", "patient-3:1", "patient-3:2");
    assertThat(ingest.deadLetters.isEmpty()).isTrue();
  }

  @Test
  void admissionArrivingWhileTheDeviceIsQuietReleasesHeldFramesOnTheNextTick() {
    ingest.send(frame("monitor-3", 0));
    ingest.admit("monitor-3", "patient-3", "bed-3", T0);

    ingest.advanceWallClock(1_000);

    assertThat(ingest.seqsOut()).containsExactly(0L);
  }

  @Test
  void frameBeforeTheAdmissionTakesEffectIsNotBoundToThatPatient() {
    ingest.admit("monitor-7", "patient-42", "bed-7", T0 + 60_000);

    ingest.send(frame("monitor-7", 0));
    ingest.advanceWallClock(10_000);

    List<RejectedRecord> rejected = ingest.deadLettersOut();
    assertThat(rejected).extracting(RejectedRecord::getReasonCode).containsExactly("UNBOUND_DEVICE");
    assertThat(rejected.get(0).getDetail()).contains("precedes");
    assertThat(ingest.frames.isEmpty()).isTrue();
  }

  @Test
  void rebindingTakesEffectAtTheAdmissionsEffectiveTimeNotWhenItArrives() {
    ingest.admit("monitor-5", "patient-a", "bed-5", T0);
    ingest.send(frame("monitor-5", 0));
    // Patient B takes the monitor from frame 4 on (T0 + 1 s); the admission arrives before frames 1-3.
    ingest.admit("monitor-5", "patient-b", "bed-6", T0 + 1_000);
    for (long seq = 1; seq <= 5; seq++) {
      ingest.send(frame("monitor-5", seq));
    }

    assertThat(ingest.framesOut()).extracting(kv -> kv.key + ":" + kv.value.getSeq() + ":" + kv.value.getBedId())
        .containsExactly("patient-a:0:bed-5", "patient-a:1:bed-5", "patient-a:2:bed-5", "patient-a:3:bed-5",
            "patient-b:4:bed-6", "patient-b:5:bed-6");
  }

  @Test
  void twoRebindingsWithNoFrameBetweenThemKeepTheMiddleOne() {
    ingest.admit("monitor-5", "patient-a", "bed-5", T0);
    ingest.send(frame("monitor-5", 0));
    // Patient B has the monitor from frame 2 (T0 + 0.5 s), patient C from frame 4 (T0 + 1 s); both
    // admissions arrive before any of frames 1-5, which then come in order.
    ingest.admit("monitor-5", "patient-b", "bed-6", T0 + 500);
    ingest.admit("monitor-5", "patient-c", "bed-7", T0 + 1_000);
    for (long seq = 1; seq <= 5; seq++) {
      ingest.send(frame("monitor-5", seq));
    }

    assertThat(ingest.framesOut()).extracting(kv -> kv.key + ":" + kv.value.getSeq() + ":" + kv.value.getBedId())
        .containsExactly("patient-a:0:bed-5", "patient-a:1:bed-5", "patient-b:2:bed-6", "patient-b:3:bed-6",
            "patient-c:4:bed-7", "patient-c:5:bed-7");
  }

  @Test
  void admissionsBeforeTheDevicesFirstFrameAllCount() {
    // Admitted to A, then moved to B, before the device sent anything; its first frames are older.
    ingest.admit("monitor-8", "patient-a", "bed-1", T0);
    ingest.admit("monitor-8", "patient-b", "bed-2", T0 + 500);
    for (long seq = 0; seq <= 2; seq++) {
      ingest.send(frame("monitor-8", seq));
    }

    assertThat(ingest.framesOut()).extracting(kv -> kv.key + ":" + kv.value.getSeq())
        .containsExactly("patient-a:0", "patient-a:1", "patient-b:2");
    assertThat(ingest.deadLetters.isEmpty()).isTrue();
  }

  @Test
  void framesAfterADischargeAreUnbound() {
    ingest.admit("monitor-5", "patient-a", "bed-5", T0);
    ingest.send(frame("monitor-5", 0));
    ingest.admissions.pipeInput("monitor-5", EcgSerdes.admissions().serialize(
        Admission.newBuilder().setDeviceId("monitor-5").setPatientId(null).setEffectiveFromMillis(T0 + 250).build()));

    ingest.send(frame("monitor-5", 1));
    ingest.advanceWallClock(10_000);

    assertThat(ingest.seqsOut()).containsExactly(0L);
    List<RejectedRecord> rejected = ingest.deadLettersOut();
    assertThat(rejected).extracting(RejectedRecord::getReasonCode).containsExactly("UNBOUND_DEVICE");
    assertThat(rejected.get(0).getDetail()).contains("discharged");
  }

  @Test
  void heldFramesBeyondTheLimitAreDeadLetteredOldestFirst() {
    ingest.close();
    ingest = new IngestHarness(ingest.config.with(org.ecgstream.ingest.IngestConfig.UNBOUND_MAX_FRAMES, 2));

    for (long seq = 0; seq < 4; seq++) {
      ingest.send(frame("monitor-9", seq));
    }

    List<RejectedRecord> rejected = ingest.deadLettersOut();
    assertThat(rejected).extracting(RejectedRecord::getSourceOffset).containsExactly(0L, 1L);
    assertThat(rejected).extracting(RejectedRecord::getReasonCode).containsOnly("UNBOUND_DEVICE");
  }
}
