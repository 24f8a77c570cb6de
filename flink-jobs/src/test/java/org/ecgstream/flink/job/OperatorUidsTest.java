package org.ecgstream.flink.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamGraphHasherV2;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.AbstractUdfStreamOperator;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.operators.StreamFilter;
import org.apache.flink.streaming.api.operators.StreamFlatMap;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.api.operators.StreamOperator;
import org.ecgstream.flink.archive.ArchiveConfig;
import org.ecgstream.flink.inference.ModelTestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Savepoints map state to operators by their ids. Flink derives an operator's id from its uid when
 * one is set, else from the graph around it, so without uids adding an input to one operator
 * orphans the state of it and of everything downstream. Here: every source, every sink and every
 * operator that may hold state has a uid set by hand, unique in the job, and they are the ones
 * savepoints were taken with. The job is built as it ships ({@link EcgAlarmJob#onKafka}: nothing
 * connects to Kafka until it runs) and its stream graph inspected.
 */
class OperatorUidsTest {

  /**
   * The uids of the job with everything on, as savepoints since this version hold them. Changing
   * one orphans that operator's state in every savepoint: never rename one (the operator's name is
   * free), and a new operator gets a new one. The sinks' committers get theirs from Flink
   * ("Sink Committer: " and the sink's uid).
   */
  private static final List<String> SHIPPED_UIDS = List.of(
      "frames", "acks", "admissions", "model-versions", "archive-frames", "reports",
      "rhythm-analysis", "rhythm-alarms", "heart-rate-limit-alarms", "running-vitals", "model-windows",
      "model-switch", "versioned-zero-shot-inference", "label-smoothing", "model-evidence", "alarm-state-machine",
      "archive-recordings",
      "alerts", "Sink Committer: alerts", "dead-letters", "Sink Committer: dead-letters", "vitals",
      "Sink Committer: vitals", "labels", "Sink Committer: labels", "shadow-labels", "Sink Committer: shadow-labels",
      "archive-recording-files", "Sink Committer: archive-recording-files", "archive-report-files",
      "Sink Committer: archive-report-files");

  @TempDir Path tmp;

  @Test
  void everySourceSinkAndOperatorThatMayHoldStateHasAUidSetByHandInEveryConfiguration() {
    for (AlarmJobConfig config : List.of(everythingOn(), fixedBundle(), signalProcessingOnly())) {
      StreamGraph graph = graphOf(config);
      List<String> without = graph.getStreamNodes().stream()
          .filter(OperatorUidsTest::mayHoldState)
          .filter(node -> node.getTransformationUID() == null)
          .map(OperatorUidsTest::describe)
          .toList();
      assertThat(without).as("operators that may hold state but have no uid (add .uid(\"<its name>\") where it is"
          + " built in EcgAlarmJob), job %s", graph.getJobName()).isEmpty();
    }
  }

  @Test
  void uidsAreUniqueAndTheOnesSavepointsWereTakenWith() {
    StreamGraph graph = graphOf(everythingOn());
    List<String> uids = graph.getStreamNodes().stream()
        .map(StreamNode::getTransformationUID)
        .filter(uid -> uid != null)
        .toList();

    assertThat(uids).doesNotHaveDuplicates();
    assertThat(uids).as("uids are savepoints' keys to state: changing one loses that operator's state")
        .containsExactlyInAnyOrderElementsOf(SHIPPED_UIDS);
  }

  @Test
  void statefulOperatorsKeepTheirIdsWhenTheGraphAroundThemChanges() {
    // Following the registry gives label-smoothing and model-evidence another broadcast input and
    // puts a model switch before the inference: without uids, that changed their ids and the
    // alarm state machine's (the change before this one did just that).
    Map<String, String> fixed = operatorIds(graphOf(fixedBundle()));
    Map<String, String> following = operatorIds(graphOf(everythingOn()));

    for (String uid : List.of("rhythm-analysis", "model-windows", "label-smoothing", "model-evidence",
        "alarm-state-machine", "alerts")) {
      assertThat(following.get(uid)).as("operator id of %s", uid).isNotNull().isEqualTo(fixed.get(uid));
    }
  }

  /**
   * Whether Flink may keep state for this operator: anything but an unkeyed map, filter, flat map or
   * process function that keeps no operator state. Sources, sinks, async and broadcast operators
   * and any operator this test does not know all count as stateful.
   */
  static boolean mayHoldState(StreamNode node) {
    if (node.getStateKeySerializer() != null) {
      return true;
    }
    if (!(node.getOperatorFactory() instanceof SimpleOperatorFactory<?> simple)) {
      return true;
    }
    StreamOperator<?> operator = simple.getOperator();
    boolean recordAtATime = operator instanceof StreamMap || operator instanceof StreamFilter
        || operator instanceof StreamFlatMap || operator instanceof ProcessOperator;
    return !recordAtATime
        || ((AbstractUdfStreamOperator<?, ?>) operator).getUserFunction() instanceof CheckpointedFunction;
  }

  /** Operator ids as Flink computes them for the job graph, by the operator's uid or else its name. */
  private static Map<String, String> operatorIds(StreamGraph graph) {
    Map<Integer, byte[]> hashes = new StreamGraphHasherV2().traverseStreamGraphAndGenerateHashes(graph);
    Map<String, String> ids = new TreeMap<>();
    for (StreamNode node : graph.getStreamNodes()) {
      String key = node.getTransformationUID() != null ? node.getTransformationUID() : node.getOperatorName();
      ids.put(key, HexFormat.of().formatHex(hashes.get(node.getId())));
    }
    return ids;
  }

  private static String describe(StreamNode node) {
    Object operator = node.getOperatorFactory() instanceof SimpleOperatorFactory<?> simple
        ? simple.getOperator() : node.getOperatorFactory();
    return node.getOperatorName() + " (" + operator.getClass().getSimpleName()
        + (node.getStateKeySerializer() != null ? ", keyed" : "") + ")";
  }

  /** Alarms, vitals, admissions, models following the registry, archive. */
  private AlarmJobConfig everythingOn() {
    ModelConfig model = ModelTestData.model().followingRegistry("ecg.models", tmp.resolve("store").toString());
    return signalProcessingOnly().withModel(model)
        .withArchive(ArchiveConfig.defaults(tmp.resolve("archive").toUri().toString()));
  }

  /** Alarms, vitals, admissions and the default bundle for the job's life; no archive. */
  private static AlarmJobConfig fixedBundle() {
    return signalProcessingOnly().withModel(ModelTestData.model());
  }

  private static AlarmJobConfig signalProcessingOnly() {
    return AlarmJobConfig.defaults("localhost:9092");
  }

  private static StreamGraph graphOf(AlarmJobConfig config) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    EcgAlarmJob.onKafka(config).buildInto(env);
    return env.getStreamGraph();
  }
}
