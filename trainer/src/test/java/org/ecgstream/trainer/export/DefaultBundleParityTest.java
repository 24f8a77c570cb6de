package org.ecgstream.trainer.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.ecgstream.core.bundle.ModelBundle;
import org.ecgstream.core.testdata.DefaultBundle;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.trainer.model.CmeltModel;
import org.ecgstream.trainer.train.TrainedModel;
import org.junit.jupiter.api.Test;

/**
 * The committed default bundle still is its training weights: its ONNX encoders, run by ONNX
 * Runtime, match the DJL model rebuilt from the weights kept beside it, on real recordings and
 * reports, and its manifest describes that model.
 */
class DefaultBundleParityTest {

  @Test
  void defaultBundleMatchesItsTrainingWeightsOnRealData() throws Exception {
    Path bundleDir = DefaultBundle.dir();
    Path weights = bundleDir.resolveSibling(DefaultBundle.NAME + "-weights");
    ModelBundle bundle = ModelBundle.open(bundleDir);
    try (NDManager manager = NDManager.newBaseManager()) {
      CmeltModel model = TrainedModel.load(weights, manager);
      assertThat(bundle.inputSpec()).isEqualTo(model.config().input());
      assertThat(bundle.manifest().embeddingSize()).isEqualTo(model.config().embeddingSize());

      BundleExport.ParityInputs inputs = BundleExport.parityInputs(model.config(),
          TrainedModel.readTokenizer(weights), SharedData.folder("ptbxl").getParent());
      ParityCheck.Result parity = new ParityCheck(model).run(bundleDir, inputs.ecg(), inputs.text());

      assertThat(parity.windows()).isGreaterThanOrEqualTo(20);
      assertThat(parity.ecgMaxAbsDifference()).isLessThan(ParityCheck.TOLERANCE);
      assertThat(parity.textMaxAbsDifference()).isLessThan(ParityCheck.TOLERANCE);
    }
  }
}
