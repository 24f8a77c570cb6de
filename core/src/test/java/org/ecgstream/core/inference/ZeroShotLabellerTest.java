package org.ecgstream.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.preprocess.EcgWindow;
import org.ecgstream.core.preprocess.WindowCrops;
import org.ecgstream.core.preprocess.WindowPreprocessor;
import org.ecgstream.core.testdata.DefaultBundle;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.core.text.CsvRows;
import org.ecgstream.core.wfdb.WfdbRecord;
import org.ecgstream.schemas.Lead;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default bundle through ONNX Runtime, on real single-lead recordings. */
class ZeroShotLabellerTest {

  static ModelBundle bundle;
  static OnnxEncoders encoders;

  @BeforeAll
  static void open() throws Exception {
    bundle = ModelBundle.open(DefaultBundle.dir());
    encoders = new OnnxEncoders(bundle, ExecutionDevice.CPU);
  }

  @AfterAll
  static void close() throws Exception {
    encoders.close();
  }

  private static List<String> firstRecords(Path cinc, String label, int n) throws Exception {
    List<String> ids = new ArrayList<>();
    try (var reader = java.nio.file.Files.newBufferedReader(cinc.resolve("REFERENCE.csv"))) {
      for (List<String> row : CsvRows.parse(reader)) {
        if (row.get(1).equals(label) && ids.size() < n) {
          ids.add(row.get(0));
        }
      }
    }
    return ids;
  }

  private static double meanAfProbability(Path cinc, List<String> ids, ZeroShotLabeller labeller) throws Exception {
    WindowPreprocessor preprocessor = new WindowPreprocessor(bundle.inputSpec());
    int af = labeller.labels().indexOf("atrial_fibrillation");
    double sum = 0;
    for (String id : ids) {
      WfdbRecord record = WfdbRecord.read(cinc, id);
      Map<Lead, float[]> crop = WindowCrops.evenlySpaced(
          Map.of(Lead.I, record.physical(0)), record.samplingFrequencyHz(), 10, 1).get(0);
      EcgWindow window = preprocessor.prepare(crop, record.samplingFrequencyHz());
      float[] embedding = encoders.embedEcg(window.flatten(), window.presenceAsFloats(), 1)[0];
      sum += labeller.score(embedding).get(af).probability();
    }
    return sum / ids.size();
  }

  @Test
  void atrialFibrillationRecordingsScoreHigherForAtrialFibrillationThanNormalOnes() throws Exception {
    Path cinc = SharedData.folder("cinc2017");
    ZeroShotLabeller labeller = new ZeroShotLabeller(bundle, encoders);
    assertThat(labeller.labels()).containsExactly("normal", "atrial_fibrillation", "other", "st_change", "conduction_block");

    float[] any = new float[bundle.manifest().embeddingSize()];
    any[0] = 1f;
    assertThat(labeller.score(any)).allSatisfy(s -> assertThat(s.probability()).isBetween(0.0, 1.0));

    double af = meanAfProbability(cinc, firstRecords(cinc, "A", 15), labeller);
    double normal = meanAfProbability(cinc, firstRecords(cinc, "N", 15), labeller);
    assertThat(af).as("mean AF probability of AF recordings vs normal ones").isGreaterThan(normal);
  }

  @Test
  void embeddingsAreUnitLengthForEveryRowOfABatch() throws Exception {
    int leads = bundle.inputSpec().leads().size();
    int samples = bundle.inputSpec().windowSamples();
    float[] signal = new float[3 * leads * samples];
    float[] mask = new float[3 * leads];
    java.util.Random random = new java.util.Random(1);
    for (int i = 0; i < signal.length; i++) {
      signal[i] = (float) random.nextGaussian();
    }
    java.util.Arrays.fill(mask, 1f);
    float[][] embeddings = encoders.embedEcg(signal, mask, 3);
    assertThat(embeddings).hasNumberOfRows(3);
    for (float[] e : embeddings) {
      assertThat(e).hasSize(bundle.manifest().embeddingSize());
      double norm = 0;
      for (float v : e) {
        norm += v * v;
      }
      assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-4));
    }
  }

  @Test
  void cudaRequestFallsBackToCpuWhenNoCudaProviderIsUsable() throws Exception {
    boolean cudaAvailable = OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    try (OnnxEncoders onCuda = new OnnxEncoders(bundle, ExecutionDevice.parse("cuda:0"))) {
      // This machine's artifact is the CPU build (the GPU one comes with -Pgpu): always a fallback here.
      assertThat(onCuda.device()).isEqualTo(cudaAvailable ? ExecutionDevice.parse("cuda:0") : ExecutionDevice.CPU);
    }
  }

  @Test
  void deviceNamesParseAndNonsenseIsRefused() {
    assertThat(ExecutionDevice.parse("CUDA:1")).isEqualTo(new ExecutionDevice(true, 1));
    assertThat(ExecutionDevice.parse("cpu")).isEqualTo(ExecutionDevice.CPU);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExecutionDevice.parse("tpu"))
        .hasMessageContaining("cpu, cuda or cuda:N");
  }
}
