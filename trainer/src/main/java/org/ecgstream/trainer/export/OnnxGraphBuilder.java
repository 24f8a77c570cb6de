package org.ecgstream.trainer.export;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

/**
 * Builds one ONNX graph (IR 8, default domain) from named nodes, float and int64 initializers, and
 * inputs and outputs whose dimensions are fixed sizes ({@link Long}) or symbolic names ({@link
 * String}, e.g. "batch"). Every value name must be unique; reuse is refused to keep the graph valid.
 */
public final class OnnxGraphBuilder {

  /** ONNX IR version 8 pairs with opsets up to 17 and is read by every ONNX Runtime since 1.10. */
  static final long IR_VERSION = 8;

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final Set<String> names = new HashSet<>();
  private int counter;

  public OnnxGraphBuilder(String graphName) {
    graph.setName(graphName);
  }

  /** Declares a graph input; each dimension is a {@code Long} size or a {@code String} symbolic name. */
  public String input(String name, TensorProto.DataType type, Object... dims) {
    graph.addInput(valueInfo(claim(name), type, dims));
    return name;
  }

  /** Declares {@code value} as a graph output under its own name. */
  public void output(String value, TensorProto.DataType type, Object... dims) {
    graph.addOutput(valueInfo(value, type, dims));
  }

  /** A float32 constant of the given shape (row-major data). */
  public String floats(String name, float[] data, long... dims) {
    checkSize(name, data.length, dims);
    TensorProto.Builder t = TensorProto.newBuilder().setName(claim(name))
        .setDataType(TensorProto.DataType.FLOAT.getNumber());
    for (long d : dims) {
      t.addDims(d);
    }
    // raw_data (little-endian) rather than float_data: a quarter of the work for protobuf.
    ByteBuffer raw = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(data);
    t.setRawData(ByteString.copyFrom(raw.array()));
    graph.addInitializer(t);
    return name;
  }

  /** An int64 constant of the given shape (shapes, axes, pads, indices). */
  public String longs(String name, long[] data, long... dims) {
    checkSize(name, data.length, dims);
    TensorProto.Builder t = TensorProto.newBuilder().setName(claim(name))
        .setDataType(TensorProto.DataType.INT64.getNumber());
    for (long d : dims) {
      t.addDims(d);
    }
    for (long v : data) {
      t.addInt64Data(v);
    }
    graph.addInitializer(t);
    return name;
  }

  /** A 1-D int64 constant. */
  public String vector(String name, long... data) {
    return longs(name, data, data.length);
  }

  /** A float32 scalar constant (rank 0). */
  public String scalar(String name, float value) {
    return floats(name, new float[] {value});
  }

  /**
   * Adds node {@code op} reading {@code inputs} and writing one output named {@code output};
   * the node takes the output's name. Returns the output name.
   */
  public String node(String op, String output, String[] inputs, AttributeProto... attributes) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(claim(output) + "_node").addOutput(output);
    for (String in : inputs) {
      n.addInput(in);
    }
    for (AttributeProto a : attributes) {
      n.addAttribute(a);
    }
    graph.addNode(n);
    return output;
  }

  /** A fresh value name starting with {@code prefix}. */
  public String fresh(String prefix) {
    String name;
    do {
      name = prefix + "_" + counter++;
    } while (names.contains(name));
    return name;
  }

  /** The model: this graph with the default-domain opset {@code opset}. */
  public ModelProto model(long opset, String producer) {
    return ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName(producer)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
        .setGraph(graph.build())
        .build();
  }

  /** An integer-list attribute. */
  public static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  /** An integer attribute. */
  public static AttributeProto integer(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  /** A float attribute. */
  public static AttributeProto real(String name, float value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
  }

  private String claim(String name) {
    if (!names.add(name)) {
      throw new IllegalArgumentException("ONNX value name '" + name + "' is used twice in graph " + graph.getName());
    }
    return name;
  }

  private static void checkSize(String name, int length, long[] dims) {
    long expected = 1;
    for (long d : dims) {
      expected *= d;
    }
    if (expected != length) {
      throw new IllegalArgumentException(
          "initializer " + name + ": " + length + " values do not fill shape " + java.util.Arrays.toString(dims));
    }
  }

  private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d instanceof String symbol) {
        dim.setDimParam(symbol);
      } else if (d instanceof Number size) {
        dim.setDimValue(size.longValue());
      } else {
        throw new IllegalArgumentException(name + ": a dimension must be a size or a symbolic name, not " + d);
      }
      shape.addDim(dim);
    }
    TypeProto.Tensor tensor = TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape).build();
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
  }
}
