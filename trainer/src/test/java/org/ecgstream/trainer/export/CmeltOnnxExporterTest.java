package org.ecgstream.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Path;
import java.util.List;
import org.ecgstream.trainer.model.CmeltConfig;
import org.ecgstream.trainer.model.CmeltModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CmeltOnnxExporterTest {

  private static final int RECORDS = 8;

  private static NDManager manager;
  private static RealParityInputs data;
  private static CmeltModel micro;

  @TempDir Path dir;

  @BeforeAll
  static void loadRealRecordsAndBuildMicroModel() throws Exception {
    manager = NDManager.newBaseManager();
    data = new RealParityInputs(RECORDS, CmeltConfig.tiny().input(), 300);
    micro = trainedLooking(micro(), 7);
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  @Test
  void microModelMatchesDjlOnRealWindowsAndReportsWithinTolerance() throws Exception {
    ParityCheck.Result result = new CmeltOnnxExporter(micro)
        .export(dir, data.ecg(0, 5), data.text(0, 5, micro.config().maxTextTokens()));

    System.out.println("micro parity: " + result);
    assertThat(result.ecgMaxAbsDifference()).isLessThan(ParityCheck.TOLERANCE);
    assertThat(result.textMaxAbsDifference()).isLessThan(ParityCheck.TOLERANCE);
    assertThat(dir.resolve(CmeltOnnxExporter.ECG_ENCODER_FILE)).exists();
    assertThat(dir.resolve(CmeltOnnxExporter.TEXT_ENCODER_FILE)).exists();
  }

  @Test
  void embeddingsOfDifferentWindowsAndReportsDifferSoParityIsNotTrivial() throws Exception {
    new CmeltOnnxExporter(micro).write(dir);
    float[][] ecg = ParityCheck.runOnnx(dir.resolve(CmeltOnnxExporter.ECG_ENCODER_FILE),
        java.util.Map.of("ecg", data.ecg(0, 2).signal(), "lead_mask", data.ecg(0, 2).leadMask()));
    ParityCheck.TextBatch reports = data.text(0, 2, 48);
    float[][] text = ParityCheck.runOnnx(dir.resolve(CmeltOnnxExporter.TEXT_ENCODER_FILE),
        java.util.Map.of("input_ids", reports.ids(), "attention_mask", reports.attention()));

    assertThat(ParityCheck.maxAbsDifference(new float[][] {ecg[0]}, new float[][] {ecg[1]})).isGreaterThan(1e-2);
    assertThat(ParityCheck.maxAbsDifference(new float[][] {text[0]}, new float[][] {text[1]})).isGreaterThan(1e-2);
  }

  @Test
  void windowNotAWholeNumberOfPatchesIsZeroPaddedLikeDjl() throws Exception {
    CmeltConfig m = micro();
    // Patches of 28 samples: 1000 samples become 36 tokens over 1008 zero-padded samples.
    CmeltConfig odd = new CmeltConfig("micro-odd", m.input(), new int[] {7, 2, 2}, 16, 32, 2, 2, 1, 5, 4,
        1, 48, 300, 1, 32, 1, 32, 0.75f, 0.5f, 0.15f, 0f, m.training());
    CmeltModel model = trainedLooking(odd, 17);

    ParityCheck.Result result = new CmeltOnnxExporter(model).export(dir, data.ecg(0, 3), data.text(0, 3, 48));

    System.out.println("padded-window parity: " + result);
    assertThat(result.withinTolerance()).isTrue();
  }

  @Test
  void tinyModelWithRandomInitialisationMatchesDjl() throws Exception {
    CmeltModel tiny = trainedLooking(CmeltConfig.tiny(), 11);
    ParityCheck.Result result = new CmeltOnnxExporter(tiny)
        .export(dir, data.ecg(0, 5), data.text(0, 5, tiny.config().maxTextTokens()));

    System.out.println("tiny parity: " + result + "; ecg_encoder.onnx "
        + java.nio.file.Files.size(dir.resolve(CmeltOnnxExporter.ECG_ENCODER_FILE)) + " bytes, text_encoder.onnx "
        + java.nio.file.Files.size(dir.resolve(CmeltOnnxExporter.TEXT_ENCODER_FILE)) + " bytes");
    assertThat(result.withinTolerance()).isTrue();
  }

  @Test
  void windowWithMaskedLeadsMatchesDjl() throws Exception {
    new CmeltOnnxExporter(micro).write(dir);
    ParityCheck.EcgBatch batch = data.ecg(2, 4);
    for (int lead : new int[] {1, 4, 7, 8, 9, 10, 11}) {
      batch.leadMask()[0][lead] = 0f;
    }
    batch.leadMask()[1][0] = 0f;

    double difference = new ParityCheck(micro).ecg(dir.resolve(CmeltOnnxExporter.ECG_ENCODER_FILE), batch);

    System.out.println("masked-leads ecg parity: " + difference);
    assertThat(difference).isLessThan(ParityCheck.TOLERANCE);
  }

  @Test
  void oneExportedFileServesBatchesOfOneAndFive() throws Exception {
    new CmeltOnnxExporter(micro).write(dir);
    ParityCheck check = new ParityCheck(micro);
    int tokens = micro.config().maxTextTokens();

    for (int batch : new int[] {1, 5}) {
      assertThat(check.run(dir, data.ecg(RECORDS - batch, RECORDS), data.text(RECORDS - batch, RECORDS, tokens))
          .withinTolerance()).as("batch " + batch).isTrue();
    }
  }

  @Test
  void reportsShorterThanMaxTextTokensNeedNoPadding() throws Exception {
    new CmeltOnnxExporter(micro).write(dir);
    ParityCheck check = new ParityCheck(micro);

    double twenty = check.text(dir.resolve(CmeltOnnxExporter.TEXT_ENCODER_FILE), data.text(0, 5, 20));
    double three = check.text(dir.resolve(CmeltOnnxExporter.TEXT_ENCODER_FILE), data.text(0, 2, 3));

    System.out.println("text parity at 20 tokens: " + twenty + ", at 3 tokens: " + three);
    assertThat(twenty).isLessThan(ParityCheck.TOLERANCE);
    assertThat(three).isLessThan(ParityCheck.TOLERANCE);
  }

  @Test
  void graphsDeclareOpset17AndDynamicBatchAndTokens() {
    CmeltOnnxExporter exporter = new CmeltOnnxExporter(micro);
    ModelProto ecg = exporter.ecgEncoder();
    ModelProto text = exporter.textEncoder();

    assertThat(ecg.getOpsetImport(0).getVersion()).isEqualTo(17);
    assertThat(dims(ecg.getGraph().getInput(0))).containsExactly("batch", "12", "1000");
    assertThat(dims(ecg.getGraph().getInput(1))).containsExactly("batch", "12");
    assertThat(dims(ecg.getGraph().getOutput(0))).containsExactly("batch", "32");
    assertThat(dims(text.getGraph().getInput(0))).containsExactly("batch", "tokens");
    assertThat(dims(text.getGraph().getInput(1))).containsExactly("batch", "tokens");
    assertThat(text.getGraph().getOutput(0).getName()).isEqualTo("embedding");
  }

  @Test
  void exportIsRefusedWithTheFigureWhenOnnxRuntimeStraysFromDjl() throws Exception {
    CmeltModel model = trainedLooking(micro(), 13);
    new CmeltOnnxExporter(model).write(dir);
    // The model moves on after the files were written: ONNX now holds stale weights.
    parameter(model, "ecg_projection_bias").getArray().addi(0.05f);

    ParityCheck.Result result = new ParityCheck(model).run(dir, data.ecg(0, 2), data.text(0, 2, 16));

    assertThat(result.textMaxAbsDifference()).isLessThan(ParityCheck.TOLERANCE);
    assertThatThrownBy(() -> result.requireWithinTolerance(dir))
        .isInstanceOf(ParityException.class)
        .hasMessageContaining("ecg_encoder.onnx")
        .hasMessageContaining("above the tolerance 1e-04")
        .satisfies(e -> assertThat(((ParityException) e).maxAbsDifference()).isGreaterThan(1e-3));
  }

  /** The micro configuration of the training tests: width 32, one layer each, 48 tokens. */
  static CmeltConfig micro() {
    CmeltConfig tiny = CmeltConfig.tiny();
    return new CmeltConfig("micro", tiny.input(), new int[] {5, 2, 2}, 16, 32, 2, 2, 1, 5, 4,
        1, 48, 300, 1, 32, 1, 32, 0.75f, 0.5f, 0.15f, 0f, tiny.training());
  }

  /**
   * A model with every parameter moved off its initial value (biases off zero, gains off one), so
   * a weight wired to the wrong place in the graph cannot hide behind a constant.
   */
  static CmeltModel trainedLooking(CmeltConfig config, long seed) {
    Engine.getInstance().setRandomSeed((int) seed);
    CmeltModel model = new CmeltModel(config, data.tokenizer.vocabSize());
    model.initialize(manager);
    for (Pair<String, Parameter> p : model.getParameters()) {
      NDArray array = p.getValue().getArray();
      array.addi(array.getManager().randomNormal(0f, 0.1f, array.getShape(), array.getDataType()));
    }
    return model;
  }

  private static Parameter parameter(CmeltModel model, String path) {
    return new CmeltWeights(model).parameter(path);
  }

  private static List<String> dims(ValueInfoProto value) {
    return value.getType().getTensorType().getShape().getDimList().stream()
        .map(d -> d.getValueCase() == TensorShapeProto.Dimension.ValueCase.DIM_PARAM
            ? d.getDimParam() : Long.toString(d.getDimValue()))
        .toList();
  }
}
