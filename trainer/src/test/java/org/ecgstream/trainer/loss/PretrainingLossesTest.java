package org.ecgstream.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each objective against values worked out by hand from its definition. */
class PretrainingLossesTest {

  private final NDManager manager = NDManager.newBaseManager();

  @AfterEach
  void close() {
    manager.close();
  }

  private static double minusLogSigmoid(double x) {
    return Math.log(1 + Math.exp(-x));
  }

  @Test
  void sigmoidLossTreatsOffDiagonalAsNegativesAndTheDiagonalByMatchLabel() {
    NDArray ecg = manager.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
    NDArray text = manager.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
    NDArray match = manager.create(new float[] {1, 0});
    NDArray logScale = manager.create(new float[] {(float) Math.log(2)});
    NDArray bias = manager.create(new float[] {-1});

    // logits = 2 * I - 1; targets: +1 at (0,0), -1 elsewhere (row 1 carries a mismatched report).
    double expected = (minusLogSigmoid(1) + minusLogSigmoid(1) + minusLogSigmoid(1) + minusLogSigmoid(-1)) / 2;
    assertThat(SigmoidContrastiveLoss.of(ecg, text, match, logScale, bias).getFloat())
        .isCloseTo((float) expected, within(1e-5f));
  }

  @Test
  void sigmoidLossIsSmallForConfidentCorrectPairsAndLargeForSwappedOnes() {
    NDArray e = manager.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
    NDArray swapped = manager.create(new float[] {0, 1, 1, 0}, new Shape(2, 2));
    NDArray match = manager.create(new float[] {1, 1});
    NDArray logScale = manager.create(new float[] {(float) Math.log(20)});
    NDArray bias = manager.create(new float[] {-10});
    float right = SigmoidContrastiveLoss.of(e, e, match, logScale, bias).getFloat();
    float wrong = SigmoidContrastiveLoss.of(e, swapped, match, logScale, bias).getFloat();
    assertThat(right).isLessThan(0.01f);
    assertThat(wrong).isGreaterThan(10f);
  }

  @Test
  void matchingLossIsBinaryCrossEntropyOnLogits() {
    NDArray logits = manager.create(new float[] {2, -1});
    NDArray match = manager.create(new float[] {1, 0});
    double expected = (minusLogSigmoid(2) + minusLogSigmoid(1)) / 2;
    assertThat(EcgTextMatchingLoss.of(logits, match).getFloat()).isCloseTo((float) expected, within(1e-6f));
  }

  @Test
  void maskedLanguageLossCountsMaskedPositionsOnly() {
    // Position 0 (masked, target 2): softmax of [0, 0, ln 2] gives p = 0.5. Position 1 is not masked.
    NDArray logits = manager.create(
        new float[] {0, 0, (float) Math.log(2), 9, -9, 0}, new Shape(1, 2, 3));
    NDArray targets = manager.create(new long[] {2, 1}, new Shape(1, 2));
    NDArray masked = manager.create(new float[] {1, 0}, new Shape(1, 2));
    assertThat(MaskedLanguageLoss.of(logits, targets, masked).getFloat())
        .isCloseTo((float) Math.log(2), within(1e-5f));
  }

  @Test
  void maskedEcgLossIsMeanSquaredErrorOverMaskedPatchesOfRecordedLeads() {
    // Two leads of four samples, patches of two: token 0 = [1 2 | 5 6], token 1 = [3 4 | 7 8].
    NDArray signal = manager.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, new Shape(1, 2, 4));
    NDArray reconstructed = manager.zeros(new Shape(1, 2, 4));
    NDArray recorded = manager.create(new float[] {1, 0}, new Shape(1, 2));
    NDArray patchMask = manager.create(new float[] {0, 1}, new Shape(1, 2));
    // Only token 1 of lead 0 counts: (3^2 + 4^2) / 2.
    assertThat(MaskedEcgLoss.of(reconstructed, signal, recorded, patchMask, 2).getFloat())
        .isCloseTo(12.5f, within(1e-5f));
  }

  @Test
  void patchesPadTheLastPatchWithZeros() {
    NDArray signal = manager.create(new float[] {1, 2, 3}, new Shape(1, 1, 3));
    assertThat(MaskedEcgLoss.patches(signal, 2, 2).toFloatArray()).containsExactly(1, 2, 3, 0);
  }
}
