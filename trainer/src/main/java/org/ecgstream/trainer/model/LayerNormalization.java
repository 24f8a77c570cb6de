package org.ecgstream.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;

/** Layer normalisation over the last axis (width), epsilon {@value #EPSILON}; gamma (width), beta (width). */
final class LayerNormalization extends ModelBlock {

  static final float EPSILON = 1e-5f;

  final int width;
  final Parameter gamma;
  final Parameter beta;

  LayerNormalization(int width) {
    this.width = width;
    this.gamma = constant("gamma", Parameter.Type.GAMMA, new Shape(width), Initializer.ONES);
    this.beta = constant("beta", Parameter.Type.BETA, new Shape(width), Initializer.ZEROS);
  }

  NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    return LayerNorm.layerNorm(
            x, new Shape(width), value(ps, gamma, x, training), value(ps, beta, x, training), EPSILON)
        .singletonOrThrow();
  }
}
