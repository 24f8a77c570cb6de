package org.ecgstream.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;

/**
 * Base of the C-MELT blocks: every parameter is declared with its full shape up front, so nothing
 * is inferred from a sample input and the ONNX exporter can read each weight by its path. Blocks
 * are called through typed methods; {@link #forwardInternal} exists only for DJL's interface.
 */
abstract class ModelBlock extends AbstractBlock {

  private static final byte VERSION = 1;

  ModelBlock() {
    super(VERSION);
  }

  /** A weight drawn from N(0, std). */
  protected final Parameter weight(String name, Shape shape, float std) {
    return addParameter(Parameter.builder()
        .setName(name)
        .setType(Parameter.Type.WEIGHT)
        .optShape(shape)
        .optInitializer(new NormalInitializer(std))
        .build());
  }

  /** A parameter starting at a constant (biases at 0, layer-norm gains at 1). */
  protected final Parameter constant(String name, Parameter.Type type, Shape shape, Initializer init) {
    return addParameter(Parameter.builder().setName(name).setType(type).optShape(shape).optInitializer(init).build());
  }

  protected static NDArray value(ParameterStore ps, Parameter p, NDArray like, boolean training) {
    return ps.getValue(p, like.getDevice(), training);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (Block child : children.values()) {
      child.initialize(manager, dataType, inputShapes);
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + ": shapes are stated in its Javadoc");
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " is called through its typed methods");
  }
}
