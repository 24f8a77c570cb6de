package org.ecgstream.flink.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.ecgstream.flink.TestJobs;
import org.ecgstream.flink.alarms.HeartRateLimitAlarms;
import org.ecgstream.flink.alarms.RhythmAlarms;
import org.ecgstream.flink.io.AckRecord;
import org.ecgstream.flink.io.FrameRecord;
import org.ecgstream.schemas.Admission;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.AlarmAck;
import org.ecgstream.schemas.AlarmState;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.Lead;
import org.ecgstream.schemas.RejectedRecord;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.BedScript.RateChange;
import org.ecgstream.simulators.fleet.SimulatedBed;
import org.ecgstream.simulators.synthetic.Rhythm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade on the MiniCluster: the alarm job is stopped with a savepoint while alarms are open and
 * started again from it as a job with one more input (the admissions, into the heart-rate limit
 * alarms; before the operators had fixed uids, that changed the ids of those alarms and of the alarm
 * state machine). Nothing is allowed to go unrestored: the open alarms stay open, are not raised a
 * second time, and go on to be acknowledged or to escalate as the same episodes; the frames go on
 * where the savepoint left them.
 */
@Timeout(120)
class SavepointRestoreJobTest {

  @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.miniCluster();

  private static final long T0 = Instant.parse("2026-11-26T10:00:00Z").toEpochMilli();
  private static final long ASYSTOLE_AT_MILLIS = 10_000;
  private static final long SAVEPOINT_AT_MILLIS = 30_000;
  private static final long SECONDS = 66;
  private static final AlarmJobConfig CONFIG = AlarmJobConfig.defaults("unused:9092");

  @TempDir Path tmp;

  @Test
  void alarmsOpenAtTheSavepointStayOpenInTheUpgradedJobAndAreNeverRaisedTwice() throws Exception {
    List<EcgFrame> frames = frames();
    int beforeSavepoint = (int) frames.stream().filter(f -> f.getDeviceTimeMillis() < T0 + SAVEPOINT_AT_MILLIS).count();

    // Before the upgrade: frames up to 30 s of device time, then the source holds (still checkpointing).
    CollectingSink<Alarm> alertsBefore = new CollectingSink<>();
    StreamExecutionEnvironment before = environment();
    JobClient running = new EcgAlarmJob(framesSource(frames, beforeSavepoint), acksSource(List.of(), 0), alertsBefore,
        new CollectingSink<RejectedRecord>(), CONFIG).start(before, "alarms-before-upgrade");
    alertsBefore.await(raised("p-asystole", RhythmAlarms.ASYSTOLE).and(raised("p-tachy", HeartRateLimitAlarms.HIGH)),
        Duration.ofSeconds(60));
    String savepoint = running.stopWithSavepoint(false, tmp.resolve("savepoints").toUri().toString(),
        SavepointFormatType.CANONICAL).get(60, TimeUnit.SECONDS);
    List<Alarm> first = alertsBefore.received();

    Alarm asystole = only(first, "p-asystole", RhythmAlarms.ASYSTOLE, AlarmState.RAISED);
    Alarm tachycardia = only(first, "p-tachy", HeartRateLimitAlarms.HIGH, AlarmState.RAISED);
    assertThat(first).as("before the savepoint").extracting(SavepointRestoreJobTest::change)
        .containsExactlyInAnyOrder(change(asystole), change(tachycardia));

    // The upgraded job: admissions added; a nurse acknowledges the asystole 30 s after its onset.
    long ackAt = asystole.getEventTimeMillis() + 30_000;
    AlarmAck ack = AlarmAck.newBuilder().setAlarmId(asystole.getAlarmId()).setPatientId("p-asystole")
        .setAcknowledgedBy("nurse-7").setAcknowledgedAtMillis(ackAt).setSource("dashboard").build();
    Admission admission = Admission.newBuilder().setDeviceId("dev-p-sinus").setPatientId("p-sinus")
        .setBedId("bed-p-sinus").setEffectiveFromMillis(T0).setLimits(null).build();
    CollectingSink<Alarm> alertsAfter = new CollectingSink<>();
    StreamExecutionEnvironment after = environment();
    new EcgAlarmJob(framesSource(frames, Integer.MAX_VALUE), acksSource(List.of(ack), Integer.MAX_VALUE), alertsAfter,
        new CollectingSink<RejectedRecord>(), CONFIG)
        .withAdmissions(new DataGeneratorSource<>(index -> admission, 1, TypeInformation.of(Admission.class)))
        .buildInto(after);
    StreamGraph upgraded = after.getStreamGraph();
    upgraded.setJobName("alarms-after-upgrade");
    upgraded.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
    after.execute(upgraded);
    List<Alarm> second = alertsAfter.received();

    // The same episodes go on (their state numbers too); the tachycardia, unacknowledged, escalates.
    assertThat(second).as("after the restore").extracting(SavepointRestoreJobTest::change).containsExactlyInAnyOrder(
        change(asystole, AlarmState.ACKNOWLEDGED, 1, ackAt),
        change(tachycardia, AlarmState.ESCALATED, 1, tachycardia.getEventTimeMillis() + 60_000));
  }

  /**
   * Three beds, 3 leads at 250 Hz, in device-time order: asystole from 10 s on, sinus tachycardia at
   * 130 bpm (HEART_RATE_HIGH above 120), sinus at 70 bpm.
   */
  private static List<EcgFrame> frames() {
    List<EcgFrame> frames = new ArrayList<>();
    frames.addAll(bed("p-asystole", List.of(new RateChange(0, 70), new RateChange(ASYSTOLE_AT_MILLIS, 70, Rhythm.ASYSTOLE)), 1));
    frames.addAll(bed("p-tachy", List.of(new RateChange(0, 130)), 2));
    frames.addAll(bed("p-sinus", List.of(new RateChange(0, 70)), 3));
    frames.sort(Comparator.comparingLong(EcgFrame::getDeviceTimeMillis));
    return frames;
  }

  private static List<EcgFrame> bed(String patient, List<RateChange> script, long seed) {
    BedScript bed = new BedScript("dev-" + patient, patient, "bed-" + patient, script);
    SimulatedBed simulated = new SimulatedBed(bed, List.of(Lead.I, Lead.II, Lead.III), 250, 200, T0, seed);
    List<EcgFrame> out = new ArrayList<>();
    for (long t = 0; t < SECONDS * 1000; t += 200) {
      EcgFrame frame = simulated.nextFrame();
      frame.setPatientId(patient);
      frame.setBedId(bed.bedId());
      out.add(frame);
    }
    return out;
  }

  /** One source subtask, as one Kafka partition: every patient's frames in device order. */
  private static StreamExecutionEnvironment environment() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(TestJobs.failFast());
    env.setParallelism(1);
    return env;
  }

  /** The frames as the job's frames source reads them; the first {@code emitted}, then it holds. */
  private static DataGeneratorSource<FrameRecord> framesSource(List<EcgFrame> frames, int emitted) {
    ArrayList<EcgFrame> inOrder = new ArrayList<>(frames);
    GeneratorFunction<Long, FrameRecord> nth = index -> FrameRecord.of(inOrder.get(Math.toIntExact(index)));
    return new DataGeneratorSource<>(nth, inOrder.size(), new HoldAfter(emitted), TypeInformation.of(FrameRecord.class));
  }

  /**
   * Acknowledgements; the first {@code emitted}, then it holds. A source holding, not finished: a
   * finished one would give the alarm state machine the end of time for its watermark once the frames
   * pause, firing every escalation at once.
   */
  private static DataGeneratorSource<AckRecord> acksSource(List<AlarmAck> acks, int emitted) {
    ArrayList<AlarmAck> inOrder = new ArrayList<>(acks);
    GeneratorFunction<Long, AckRecord> nth = index -> {
      AckRecord record = new AckRecord();
      record.ack = inOrder.get(Math.toIntExact(index));
      return record;
    };
    // Count 1 even without acks: a generator source of none would be finished at once.
    return new DataGeneratorSource<>(nth, Math.max(1, inOrder.size()), new HoldAfter(emitted),
        TypeInformation.of(AckRecord.class));
  }

  private static Predicate<List<Alarm>> raised(String patient, String kind) {
    return alarms -> alarms.stream().anyMatch(a -> a.getPatientId().equals(patient) && a.getKind().equals(kind)
        && a.getState() == AlarmState.RAISED);
  }

  private static Alarm only(List<Alarm> alarms, String patient, String kind, AlarmState state) {
    List<Alarm> matching = alarms.stream()
        .filter(a -> a.getPatientId().equals(patient) && a.getKind().equals(kind) && a.getState() == state).toList();
    assertThat(matching).as("%s %s %s", patient, kind, state).hasSize(1);
    return matching.get(0);
  }

  private static String change(Alarm a) {
    return change(a, a.getState(), a.getStateSeq(), a.getEventTimeMillis());
  }

  private static String change(Alarm episode, AlarmState state, int stateSeq, long atMillis) {
    return episode.getAlarmId() + " " + state + " #" + stateSeq + " @" + (atMillis - T0);
  }

  /** Lets the first {@code records} through, then holds the source for good: it idles, checkpoints, never ends. */
  private record HoldAfter(int records) implements RateLimiterStrategy {
    @Override
    public RateLimiter createRateLimiter(int parallelism) {
      return new RateLimiter() {
        private int permitted;

        @Override
        public CompletionStage<Void> acquire(int permits) {
          if (permitted + permits > records) {
            return new CompletableFuture<>();
          }
          permitted += permits;
          return CompletableFuture.completedFuture(null);
        }
      };
    }
  }

  /** Keeps what the job writes in this JVM, readable while it runs. */
  private static final class CollectingSink<T> implements Sink<T> {
    private static final Map<String, List<Object>> RECEIVED = new ConcurrentHashMap<>();
    private final String id = UUID.randomUUID().toString();

    CollectingSink() {
      RECEIVED.put(id, new CopyOnWriteArrayList<>());
    }

    @SuppressWarnings("unchecked")
    List<T> received() {
      return (List<T>) List.copyOf(RECEIVED.get(id));
    }

    void await(Predicate<List<T>> condition, Duration deadline) throws InterruptedException {
      long until = System.nanoTime() + deadline.toNanos();
      while (!condition.test(received())) {
        if (System.nanoTime() > until) {
          throw new AssertionError("not seen within " + deadline + "; received " + received());
        }
        Thread.sleep(20);
      }
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
      List<Object> target = RECEIVED.get(id);
      return new SinkWriter<>() {
        @Override
        public void write(T element, Context ctx) {
          target.add(element);
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
      };
    }
  }
}
