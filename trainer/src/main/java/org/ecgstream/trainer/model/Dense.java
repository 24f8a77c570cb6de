package org.ecgstream.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;

/** Affine map on the last axis: (..., in) to (..., out); weight (out, in), bias (out). */
final class Dense extends ModelBlock {

  final int in;
  final int out;
  final Parameter weight;
  final Parameter bias;

  Dense(int in, int out) {
    this(in, out, 0.02f);
  }

  Dense(int in, int out, float std) {
    this.in = in;
    this.out = out;
    this.weight = weight("weight", new Shape(out, in), std);
    this.bias = constant("bias", Parameter.Type.BIAS, new Shape(out), Initializer.ZEROS);
  }

  NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    return Linear.linear(x, value(ps, weight, x, training), value(ps, bias, x, training)).singletonOrThrow();
  }
}
