package org.ecgstream.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter, "Decoupled Weight Decay Regularization", 2019) with global
 * gradient-norm clipping. Written out rather than DJL's built-in so that its moment estimates are
 * keyed by parameter path and saved with checkpoints: a resumed run continues exactly, not from
 * cold moments. Biases, norms and scalars get no weight decay.
 */
public final class AdamWOptimizer {

  private static final float BETA1 = 0.9f;
  private static final float BETA2 = 0.999f;
  private static final float EPSILON = 1e-8f;

  private final float weightDecay;
  private final float clipNorm;
  private final Map<String, NDArray> firstMoments = new HashMap<>();
  private final Map<String, NDArray> secondMoments = new HashMap<>();
  private int step;

  public AdamWOptimizer(float weightDecay, float clipNorm) {
    this.weightDecay = weightDecay;
    this.clipNorm = clipNorm;
  }

  /** Optimiser steps taken so far. */
  public int step() {
    return step;
  }

  /** What one call to {@link #update} did. */
  public record Update(float gradientNorm, boolean skipped, java.util.List<String> nonFiniteParameters) {}

  /**
   * Applies one update to every parameter from its gradient, then zeroes the gradients. When any
   * gradient is not finite the update is skipped (as loss-scaled mixed-precision training does)
   * and the step still counts, so a resumed run stays aligned with its schedule.
   */
  public Update update(PairList<String, Parameter> parameters, float learningRate) {
    double squares = 0;
    java.util.List<String> broken = new java.util.ArrayList<>();
    for (Pair<String, Parameter> p : parameters) {
      NDArray grad = p.getValue().getArray().getGradient();
      float n = grad.norm().getFloat();
      if (!Float.isFinite(n)) {
        broken.add(p.getKey() + (grad.isNaN().any().getBoolean() ? " (NaN)" : " (infinite)"));
      }
      squares += (double) n * n;
    }
    step++;
    if (!broken.isEmpty()) {
      for (Pair<String, Parameter> p : parameters) {
        NDArray grad = p.getValue().getArray().getGradient();
        // NaN * 0 is still NaN: overwrite the non-finite entries, then clear the rest.
        grad.set(grad.isNaN(), 0f);
        grad.set(grad.isInfinite(), 0f);
        grad.muli(0f);
      }
      return new Update(Float.NaN, true, broken);
    }
    float norm = (float) Math.sqrt(squares);
    float clip = norm > clipNorm && norm > 0 ? clipNorm / norm : 1f;
    float correction1 = 1 - (float) Math.pow(BETA1, step);
    float correction2 = 1 - (float) Math.pow(BETA2, step);
    for (Pair<String, Parameter> p : parameters) {
      Parameter parameter = p.getValue();
      NDArray weight = parameter.getArray();
      NDArray grad = weight.getGradient();
      NDArray g = grad.mul(clip);
      NDArray m = firstMoments.computeIfAbsent(p.getKey(), k -> persistent(weight.zerosLike()));
      NDArray v = secondMoments.computeIfAbsent(p.getKey(), k -> persistent(weight.zerosLike()));
      m.muli(BETA1).addi(g.mul(1 - BETA1));
      v.muli(BETA2).addi(g.square().mul(1 - BETA2));
      NDArray update = m.div(correction1).div(v.div(correction2).sqrt().add(EPSILON));
      if (decays(parameter)) {
        update.addi(weight.mul(weightDecay));
      }
      weight.subi(update.mul(learningRate));
      grad.subi(grad);
      g.close();
      update.close();
    }
    return new Update(norm, false, java.util.List.of());
  }

  /** Moments outlive the step's {@link NDScope}. */
  private static NDArray persistent(NDArray x) {
    NDScope.unregister(x);
    return x;
  }

  private static boolean decays(Parameter parameter) {
    return parameter.getType() == Parameter.Type.WEIGHT && parameter.getShape().dimension() > 1;
  }

  /** Writes the step count and both moments of every parameter. */
  public void save(DataOutputStream out) throws IOException {
    out.writeInt(step);
    out.writeInt(firstMoments.size());
    for (Map.Entry<String, NDArray> e : firstMoments.entrySet()) {
      out.writeUTF(e.getKey());
      byte[] encoded = new NDList(e.getValue(), secondMoments.get(e.getKey())).encode();
      out.writeInt(encoded.length);
      out.write(encoded);
    }
  }

  /** Restores what {@link #save} wrote. */
  public void load(DataInputStream in, NDManager manager) throws IOException {
    step = in.readInt();
    int count = in.readInt();
    for (int i = 0; i < count; i++) {
      String key = in.readUTF();
      byte[] encoded = new byte[in.readInt()];
      in.readFully(encoded);
      NDList moments = NDList.decode(manager, encoded);
      firstMoments.put(key, moments.get(0));
      secondMoments.put(key, moments.get(1));
    }
  }
}
