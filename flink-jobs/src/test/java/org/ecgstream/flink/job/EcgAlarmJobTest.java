package org.ecgstream.flink.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.ecgstream.flink.TestJobs;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.flink.alarms.HeartRateLimitAlarms;
import org.ecgstream.flink.rate.HeartRate;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.PatientVitals;
import org.ecgstream.flink.vitals.RunningVitals;
import org.ecgstream.simulators.synthetic.Rhythm;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import java.time.Duration;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.BedScript.RateChange;
import org.ecgstream.simulators.fleet.SimulatedBed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The alarm job's data flow on the Flink MiniCluster, fed with simulated 12-lead beds. */
@Timeout(180)
class EcgAlarmJobTest {

  @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.miniCluster();

  private static final long T0 = 1_700_000_000_000L;
  private static final AlarmJobConfig CONFIG = AlarmJobConfig.defaults("unused:9092");


  @Test
  void bedAt150BpmRaisesHeartRateHighBedAt200RaisesExtremeTachycardiaAndBedAt70RaisesNone() throws Exception {
    List<Alarm> alarms = run(
        BedScript.steady("dev-a", "patient-a", "bed-a", 150),
        BedScript.steady("dev-b", "patient-b", "bed-b", 70),
        BedScript.steady("dev-x", "patient-x", "bed-x", 200));

    List<Alarm> raisedForA = raised(alarms, "patient-a");
    assertThat(raisedForA).hasSize(1);
    assertThat(raisedForA.get(0).getKind()).isEqualTo(HeartRateLimitAlarms.HIGH);
    assertThat(raisedForA.get(0).getPriority()).isEqualTo(AlarmPriority.MEDIUM);
    assertThat(raisedForA.get(0).getValue()).isBetween(145.0, 155.0);
    assertThat(raisedForA.get(0).getEventTimeMillis() - T0).isLessThanOrEqualTo(15_000);
    assertThat(alarms).noneMatch(a -> a.getPatientId().equals("patient-b"));

    List<Alarm> raisedForX = raised(alarms, "patient-x");
    assertThat(raisedForX).extracting(Alarm::getKind, Alarm::getPriority)
        .containsExactly(tuple(HeartRateLimitAlarms.EXTREME_TACHYCARDIA, AlarmPriority.HIGH));
    assertThat(raisedForX.get(0).getValue()).isBetween(195.0, 205.0);
    assertThat(raisedForX.get(0).getEventTimeMillis() - T0).isLessThanOrEqualTo(15_000);
  }

  private static List<Alarm> raised(List<Alarm> alarms, String patient) {
    return alarms.stream().filter(a -> a.getPatientId().equals(patient) && a.getState() == AlarmState.RAISED).toList();
  }

  @Test
  void rateRisingMidRunRaisesAtTheChangeAndClearsWhenItFalls() throws Exception {
    BedScript script = new BedScript("dev-c", "patient-c", "bed-c", List.of(
        new RateChange(0, 70), new RateChange(30_000, 160), new RateChange(60_000, 75)));

    List<Alarm> alarms = run(script);

    assertThat(alarms).extracting(Alarm::getState).containsExactly(AlarmState.RAISED, AlarmState.CLEARED);
    long raisedAfterChange = alarms.get(0).getEventTimeMillis() - (T0 + 30_000);
    long clearedAfterFall = alarms.get(1).getEventTimeMillis() - (T0 + 60_000);
    assertThat(raisedAfterChange).isBetween(0L, 15_000L);
    assertThat(clearedAfterFall).isBetween(0L, 20_000L);
  }

  @Test
  void vitalsCarryTheRunningRateTheAlarmsJudgeEveryTwoSecondsAndNoRateDuringAsystole() throws Exception {
    BedScript steady = BedScript.steady("dev-s", "patient-s", "bed-s", 150);
    BedScript arrest = new BedScript("dev-q", "patient-q", "bed-q", List.of(
        new RateChange(0, 70), new RateChange(30_000, 70, Rhythm.ASYSTOLE)));
    List<Alarm> alarms = new ArrayList<>();
    List<PatientVitals> vitals = new ArrayList<>();
    List<HeartRate> rates = new ArrayList<>();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(TestJobs.failFast());
    env.setParallelism(2);
    var stream = env.fromData(frames(steady, arrest), TypeInformation.of(EcgFrame.class))
        .assignTimestampsAndWatermarks(EventTime.framesWithBoundedDelay(Duration.ofSeconds(1)));
    EcgAlarmJob.Analysis analysis = EcgAlarmJob.analysis(stream, CONFIG);
    try (CloseableIterator<Alarm> a = EcgAlarmJob.alarms(analysis, EventTime.nothingFollowing(stream,
            org.ecgstream.schemas.AlarmAck.class), null, null, CONFIG).collectAsync();
        CloseableIterator<PatientVitals> v = EcgAlarmJob.vitals(analysis, CONFIG).collectAsync();
        CloseableIterator<HeartRate> r = analysis.rates().collectAsync()) {
      env.execute("alarms and vitals");
      a.forEachRemaining(alarms::add);
      v.forEachRemaining(vitals::add);
      r.forEachRemaining(rates::add);
    }
    // The bounded input is 90 s of 250 ms frames: a running rate at the end of every frame.
    assertThat(rates).hasSize(2 * 360);
    List<PatientVitals> s = vitals.stream().filter(x -> x.getPatientId().equals("patient-s"))
        .sorted(Comparator.comparingLong(PatientVitals::getMeasuredAtMillis)).toList();
    // The first rate, then one record every 2 s of device time, valid near the simulated 150 bpm
    // once the beats fill the 10 s window.
    assertThat(s).hasSize(46);
    assertThat(s.subList(1, s.size())).allSatisfy(x -> assertThat(x.getMeasuredAtMillis() % 2_000).isZero());
    assertThat(s.stream().filter(x -> x.getMeasuredAtMillis() >= T0 + 10_000)).hasSize(41).allSatisfy(x -> {
      assertThat(x.getHeartRateValid()).isTrue();
      assertThat(x.getHeartRateBpm()).isBetween(145.0, 155.0);
      assertThat(x.getSpanMillis()).isEqualTo(10_000L);
    });
    // One source of truth: each vitals record is the running rate at its time, and the
    // HEART_RATE_HIGH alarm's value is the running rate of the frame that raised it.
    for (PatientVitals x : vitals) {
      HeartRate at = rateAt(rates, x.getPatientId(), x.getMeasuredAtMillis());
      assertThat(x.getHeartRateValid()).isEqualTo(at.valid());
      assertThat(x.getBeats()).isEqualTo(at.beats);
      if (at.valid()) {
        assertThat(x.getHeartRateBpm()).isEqualTo(Math.round(at.bpm * 10) / 10.0);
      }
    }
    Alarm high = raised(alarms, "patient-s").get(0);
    assertThat(Math.round(rateAt(rates, "patient-s", high.getEventTimeMillis()).bpm * 10) / 10.0).isEqualTo(high.getValue());
    long end = T0 + 90_000;

    List<PatientVitals> q = vitals.stream().filter(x -> x.getPatientId().equals("patient-q") && x.getMeasuredAtMillis() <= end)
        .sorted(Comparator.comparingLong(PatientVitals::getMeasuredAtMillis)).toList();
    assertThat(q.stream().filter(x -> x.getMeasuredAtMillis() > T0 + 12_000 && x.getMeasuredAtMillis() <= T0 + 30_000))
        .isNotEmpty().allSatisfy(x -> assertThat(x.getHeartRateBpm()).isBetween(66.0, 74.0));
    Alarm asystole = raised(alarms, "patient-q").stream().filter(x -> x.getKind().equals("ASYSTOLE")).findFirst().orElseThrow();
    // From 2 s after the asystole alarm to the end of the signal: every 2 s, no rate, the reason.
    List<PatientVitals> during = q.stream().filter(x -> x.getMeasuredAtMillis() >= asystole.getEventTimeMillis() + 2_000).toList();
    assertThat(during).hasSizeGreaterThanOrEqualTo(20).allSatisfy(x -> {
      assertThat(x.getHeartRateValid()).isFalse();
      assertThat(x.getHeartRateBpm()).isNull();
      assertThat(x.getInvalidReason()).isEqualTo(RunningVitals.ASYSTOLE);
    });
    assertThat(during.get(during.size() - 1).getBeats()).isZero();
  }

  private static HeartRate rateAt(List<HeartRate> rates, String patient, long measuredAtMillis) {
    return rates.stream().filter(r -> r.patientId.equals(patient) && r.measuredAtMillis == measuredAtMillis)
        .findFirst().orElseThrow(() -> new AssertionError("no running rate of " + patient + " at " + measuredAtMillis));
  }

  private static List<EcgFrame> frames(BedScript... scripts) {
    List<EcgFrame> frames = new ArrayList<>();
    long seed = 1;
    for (BedScript script : scripts) {
      SimulatedBed bed = new SimulatedBed(script, StandardLeads.TWELVE, 500, 250, T0, seed++);
      for (int i = 0; i < 360; i++) {
        EcgFrame frame = bed.nextFrame();
        frame.setPatientId(script.patientId());
        frame.setBedId(script.bedId());
        frames.add(frame);
      }
    }
    frames.sort(Comparator.comparingLong(EcgFrame::getDeviceTimeMillis));
    return frames;
  }

  /** Runs 90 s of the given beds (12 leads, 500 Hz, 250 ms frames) through the job, bounded. */
  private static List<Alarm> run(BedScript... scripts) throws Exception {
    return TestJobs.alarmsFor(frames(scripts), 2, CONFIG);
  }
}
