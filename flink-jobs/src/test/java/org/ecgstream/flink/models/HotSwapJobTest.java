package org.ecgstream.flink.models;

import org.ecgstream.flink.WarningCapture;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.registry.DirectoryBundleStore;
import org.ecgstream.core.registry.ModelRegistryEvents;
import org.ecgstream.core.registry.ModelStage;
import org.ecgstream.core.testdata.BundleCopies;
import org.ecgstream.flink.TestJobs;
import org.ecgstream.flink.inference.ModelTestData;
import org.ecgstream.flink.job.EcgAlarmJob;
import org.ecgstream.flink.job.EventTime;
import org.ecgstream.flink.job.ModelConfig;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.EcgLabel;
import org.ecgstream.schemas.ModelVersion;
import org.ecgstream.simulators.twelvelead.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot swap on the MiniCluster: the default bundle (0.2.0) serves first; registry records arriving
 * mid-stream swap in a copy re-sealed as 0.3.0, are refused when corrupt, or run as a shadow.
 */
@Timeout(60)
class HotSwapJobTest {

  @RegisterExtension static final MiniClusterExtension FLINK = TestJobs.miniCluster();

  private static final Instant AT = Instant.parse("2026-11-26T08:00:00Z");
  private static final int PATIENTS = 6;
  private static final double SECONDS = 60;
  /** Windows of 10 s ending every 5 s from 10 s to 60 s. */
  private static final int WINDOWS_PER_PATIENT = 11;

  @TempDir Path tmp;

  @Test
  void productionVersionPublishedMidStreamSwapsWithEveryWindowLabelledOnceByExactlyOneVersion() throws Exception {
    ModelVersion v2 = stored("0.3.0", ModelStage.PRODUCTION, false);
    List<EcgFrame> frames = patients();

    Run run = run(frames, v2, ModelTestData.T0 + 15_000);

    assertThat(run.shadow).isEmpty();
    assertEveryWindowLabelledExactlyOnce(run.serving);
    assertThat(run.serving).allMatch(l -> l.getModelStage().equals("production"));
    assertThat(run.serving.stream().map(EcgLabel::getModelVersion).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("0.2.0", "0.3.0");
    Map<String, List<EcgLabel>> byPatient = run.serving.stream()
        .collect(Collectors.groupingBy(EcgLabel::getPatientId));
    byPatient.forEach((patient, labels) -> {
      List<String> versions = labels.stream().sorted(Comparator.comparingLong(EcgLabel::getWindowEndMillis))
          .map(EcgLabel::getModelVersion).toList();
      int firstNew = versions.indexOf("0.3.0");
      assertThat(firstNew).as(patient + " swapped by the 20 s window: " + versions).isBetween(0, 2);
      assertThat(versions.subList(firstNew, versions.size())).as(patient + " never goes back to 0.2.0: " + versions)
          .containsOnly("0.3.0");
    });
  }

  @Test
  void corruptBundlePublishedAsProductionIsRefusedAndTheServingVersionLabelsOn() throws Exception {
    ModelVersion corrupt = stored("0.3.0", ModelStage.PRODUCTION, true);
    long refusedBefore = ModelSwitch.totals().refused.get();
    Run run;
    List<String> warnings;
    try (WarningCapture capture = WarningCapture.of(ModelSwitch.class)) {
      run = run(patients(), corrupt, ModelTestData.T0 + 15_000);
      warnings = capture.messages();
    }

    assertEveryWindowLabelledExactlyOnce(run.serving);
    assertThat(run.serving).allMatch(l -> l.getModelVersion().equals("0.2.0"));
    assertThat(ModelSwitch.totals().refused.get() - refusedBefore).as("refusals, one per switch subtask").isEqualTo(2);
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).contains("model.refused").contains("version=0.3.0").contains("keeps=0.2.0")
        .contains("sha256 of ecg_encoder.onnx does not match manifest");
  }

  @Test
  void refusedProductionFallsBackToTheLastGoodProductionNotToTheFirstBundle() throws Exception {
    // 0.3.0 (good) and then 0.4.0 (corrupt) declared in quick succession: each subtask is still
    // serving the job's first bundle when 0.4.0 is refused, as after a restart whose restored
    // state declares a version that no longer loads. It must go on with 0.3.0, not 0.2.0.
    ModelVersion good = stored("0.3.0", ModelStage.PRODUCTION, false);
    ModelVersion corrupt = ModelVersion.newBuilder(stored("0.4.0", ModelStage.PRODUCTION, true))
        .setChangedAtMillis(good.getChangedAtMillis() + 1).build();
    long refusedBefore = ModelSwitch.totals().refused.get();
    long atMillis = ModelTestData.T0 + 15_000;

    Run run = run(patients(), List.of(good, corrupt), atMillis, 4, atMillis + 10_000, 6);

    assertEveryWindowLabelledExactlyOnce(run.serving);
    assertThat(ModelSwitch.totals().refused.get() - refusedBefore).as("0.4.0 refused once per switch subtask")
        .isEqualTo(2);
    assertThat(run.serving).noneMatch(l -> l.getModelVersion().equals("0.4.0"));
    run.serving.stream().collect(Collectors.groupingBy(EcgLabel::getPatientId)).forEach((patient, labels) -> {
      List<EcgLabel> late = labels.stream().filter(l -> l.getWindowStartMillis() > atMillis + 10_000).toList();
      assertThat(late).as(patient + ": windows after the fallback loaded").isNotEmpty()
          .allMatch(l -> l.getModelVersion().equals("0.3.0"));
    });
  }

  @Test
  void shadowVersionLabelsTheSameWindowsToTheShadowOutputOnly() throws Exception {
    ModelVersion shadow = stored("0.3.0", ModelStage.SHADOW, false);

    Run run = run(patients(), shadow, ModelTestData.T0 + 1_000);

    assertEveryWindowLabelledExactlyOnce(run.serving);
    assertThat(run.serving).allMatch(l -> l.getModelVersion().equals("0.2.0") && l.getModelStage().equals("production"));
    assertThat(run.shadow).isNotEmpty()
        .allMatch(l -> l.getModelVersion().equals("0.3.0") && l.getModelStage().equals("shadow"));
    assertThat(run.shadow.stream().map(HotSwapJobTest::window).collect(Collectors.toSet()))
        .as("shadow windows are serving windows, each once").hasSize(run.shadow.size())
        .isSubsetOf(run.serving.stream().map(HotSwapJobTest::window).collect(Collectors.toSet()));
  }

  /** The bundle re-sealed as {@code version} (optionally corrupted after storing) and its registry record. */
  private ModelVersion stored(String version, ModelStage stage, boolean corrupt) throws Exception {
    DirectoryBundleStore store = new DirectoryBundleStore(tmp.resolve("store"));
    URI uri = store.put(BundleCopies.withVersion(tmp.resolve("export-" + version), version));
    ModelVersion published = ModelRegistryEvents.published(ModelBundle.open(Path.of(uri)), uri, "test", AT, null);
    if (corrupt) {
      BundleCopies.corruptEcgEncoder(Path.of(uri));
    }
    return stage == ModelStage.SHADOW ? published
        : ModelRegistryEvents.staged(published, stage, null, "test", AT, "hot swap test");
  }

  private static List<EcgFrame> patients() {
    List<List<EcgFrame>> patients = new ArrayList<>();
    for (int p = 0; p < PATIENTS; p++) {
      Finding rhythm = p % 2 == 0 ? Finding.SINUS_RHYTHM : Finding.ATRIAL_FIBRILLATION;
      patients.add(ModelTestData.simulated(rhythm, SECONDS, 200 + p, "p-" + p));
    }
    return ModelTestData.interleaved(patients);
  }

  private static void assertEveryWindowLabelledExactlyOnce(List<EcgLabel> labels) {
    assertThat(labels).hasSize(PATIENTS * WINDOWS_PER_PATIENT);
    assertThat(labels.stream().map(HotSwapJobTest::window).collect(Collectors.toSet())).hasSize(labels.size());
  }

  private static String window(EcgLabel l) {
    return l.getPatientId() + "@" + l.getWindowEndMillis();
  }

  private record Run(List<EcgLabel> serving, List<EcgLabel> shadow) {}

  /** Runs the labelling branch with {@code record} arriving on the registry stream when p-0's frames reach {@code atMillis}. */
  private Run run(List<EcgFrame> frames, ModelVersion record, long atMillis) throws Exception {
    return run(frames, List.of(record), atMillis, 2, atMillis, 2);
  }

  /**
   * Runs the labelling branch with {@code records} arriving on the registry stream when p-0's
   * frames reach {@code atMillis}; frames later than {@code firstHoldMillis} wait until the JVM's
   * switches finished {@code firstLoads} more background loads, frames later than
   * {@code secondHoldMillis} until {@code secondLoads}.
   */
  private Run run(List<EcgFrame> frames, List<ModelVersion> records, long atMillis, int firstLoads,
      long secondHoldMillis, int secondLoads) throws Exception {
    ModelConfig model = ModelTestData.model().followingRegistry("ecg.models", tmp.resolve("store").toString());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(TestJobs.failFast());
    env.setParallelism(2);
    DataStream<EcgFrame> stream = env.fromData(frames, TypeInformation.of(EcgFrame.class))
        .assignTimestampsAndWatermarks(EventTime.framesWithBoundedDelay(Duration.ofSeconds(1)));
    DataStream<ModelVersion> registry = stream.flatMap(new RegistryPacing.PublishAt(records, "p-0", atMillis))
        .returns(TypeInformation.of(ModelVersion.class));
    // Frames after the record wait until both switch subtasks finished loading it: the swap then
    // lands at a known point of the stream however busy the machine is.
    long loadsBefore = ModelSwitch.totals().loadsFinished.get();
    DataStream<EcgFrame> paced = stream.map(new RegistryPacing.HoldAfterUntilLoaded(atMillis, loadsBefore + firstLoads))
        .returns(TypeInformation.of(EcgFrame.class))
        .map(new RegistryPacing.HoldAfterUntilLoaded(secondHoldMillis, loadsBefore + secondLoads))
        .returns(TypeInformation.of(EcgFrame.class));
    ModelLabels labels = EcgAlarmJob.labels(paced, registry, model);
    TypeInformation<Tuple2<String, EcgLabel>> tagged = Types.TUPLE(Types.STRING, TypeInformation.of(EcgLabel.class));
    List<Tuple2<String, EcgLabel>> out = new ArrayList<>();
    labels.serving().map(l -> Tuple2.of("serving", l)).returns(tagged)
        .union(labels.shadow().map(l -> Tuple2.of("shadow", l)).returns(tagged))
        .executeAndCollect().forEachRemaining(out::add);
    Map<String, List<EcgLabel>> split = new HashMap<>(Map.of("serving", new ArrayList<>(), "shadow", new ArrayList<>()));
    out.forEach(t -> split.get(t.f0).add(t.f1));
    return new Run(split.get("serving"), split.get("shadow"));
  }
}
