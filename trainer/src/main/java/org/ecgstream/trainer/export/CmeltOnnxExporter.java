package org.ecgstream.trainer.export;

import static org.ecgstream.trainer.export.OnnxGraphBuilder.integer;
import static org.ecgstream.trainer.export.OnnxGraphBuilder.ints;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ecgstream.trainer.model.CmeltConfig;
import org.ecgstream.trainer.model.CmeltModel;

/**
 * Writes a {@link CmeltModel}'s two encoders as ONNX graphs built in Java (opset {@value #OPSET},
 * dynamic batch): {@value #ECG_ENCODER_FILE} (ecg (batch, L, T), lead_mask (batch, L) to a
 * normalised embedding (batch, E)) and {@value #TEXT_ENCODER_FILE} (input_ids int64 and
 * attention_mask float, both (batch, tokens) with tokens at most maxTextTokens, to (batch, E)).
 * {@link #export} refuses to leave files whose ONNX Runtime outputs differ from DJL's by more than
 * {@link ParityCheck#TOLERANCE}.
 */
public final class CmeltOnnxExporter {

  public static final long OPSET = 17;
  public static final String ECG_ENCODER_FILE = "ecg_encoder.onnx";
  public static final String TEXT_ENCODER_FILE = "text_encoder.onnx";
  public static final String EMBEDDING_OUTPUT = "embedding";
  static final String PRODUCER = "ecg-stream trainer";

  private final CmeltModel model;
  private final CmeltConfig config;
  private final CmeltWeights weights;

  public CmeltOnnxExporter(CmeltModel model) {
    this.model = model;
    this.config = model.config();
    this.weights = new CmeltWeights(model);
  }

  /** Writes both encoders into {@code dir}, checks parity on the given real inputs, and returns the figures. */
  public ParityCheck.Result export(Path dir, ParityCheck.EcgBatch windows, ParityCheck.TextBatch reports)
      throws IOException {
    write(dir);
    ParityCheck.Result result = new ParityCheck(model).run(dir, windows, reports);
    result.requireWithinTolerance(dir);
    return result;
  }

  /** Writes both encoders into {@code dir} without checking them. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    write(ecgEncoder(), dir.resolve(ECG_ENCODER_FILE));
    write(textEncoder(), dir.resolve(TEXT_ENCODER_FILE));
  }

  /** The ECG encoder and its pooled, projected, L2-normalised embedding. */
  public ModelProto ecgEncoder() {
    OnnxGraphBuilder g = new OnnxGraphBuilder("ecg_encoder");
    CmeltOnnxBlocks blocks = new CmeltOnnxBlocks(g, weights, config.width(), config.heads());
    int leads = config.leadCount();
    int samples = config.input().windowSamples();
    String ecg = g.input("ecg", DataType.FLOAT, "batch", (long) leads, (long) samples);
    String leadMask = g.input("lead_mask", DataType.FLOAT, "batch", (long) leads);

    String x = g.node("Mul", "shown_leads", new String[] {ecg,
        g.node("Unsqueeze", "lead_mask_column", new String[] {leadMask, g.vector("axis_2", 2)})});
    long padded = (long) config.ecgTokens() * config.patchSamples();
    if (padded > samples) {
      x = g.node("Pad", "padded_leads", new String[] {x, g.vector("time_pads", 0, 0, 0, 0, 0, padded - samples)});
    }
    int[] strides = config.convStrides();
    for (int i = 0; i < strides.length; i++) {
      String path = "ecg_encoder_conv" + i;
      String w = g.floats(path + "_weight", weights.values(path + "_weight"), weights.shape(path + "_weight"));
      String b = g.floats(path + "_bias", weights.values(path + "_bias"), weights.shape(path + "_bias"));
      String conv = g.node("Conv", path + "_out", new String[] {x, w, b},
          ints("kernel_shape", strides[i]), ints("strides", strides[i]), ints("pads", 0, 0));
      x = blocks.gelu(path + "_gelu", conv);
    }
    String features = g.node("Transpose", "features", new String[] {x}, ints("perm", 0, 2, 1));
    String tokens = blocks.dense("ecg_encoder_feature_projection",
        blocks.layerNorm("ecg_encoder_feature_norm", features));
    String leadEmbedding = g.node("Unsqueeze", "lead_embedding", new String[] {
        blocks.dense("ecg_encoder_lead_embedding", leadMask), g.vector("axis_1", 1)});
    tokens = g.node("Add", "tokens_with_leads", new String[] {tokens, leadEmbedding});

    int kernel = config.positionalKernel();
    String channelsFirst = g.node("Transpose", "tokens_channels_first", new String[] {tokens}, ints("perm", 0, 2, 1));
    String pw = g.floats("ecg_encoder_positional_weight", weights.values("ecg_encoder_positional_weight"),
        weights.shape("ecg_encoder_positional_weight"));
    String pb = g.floats("ecg_encoder_positional_bias", weights.values("ecg_encoder_positional_bias"),
        weights.shape("ecg_encoder_positional_bias"));
    String position = g.node("Conv", "positional_conv", new String[] {channelsFirst, pw, pb},
        ints("kernel_shape", kernel), ints("strides", 1), ints("pads", kernel / 2, kernel / 2),
        integer("group", config.positionalGroups()));
    String positionTokens = g.node("Transpose", "positional_tokens",
        new String[] {blocks.gelu("positional_gelu", position)}, ints("perm", 0, 2, 1));
    tokens = g.node("Add", "tokens_with_position", new String[] {tokens, positionTokens});

    for (int i = 0; i < config.ecgLayers(); i++) {
      tokens = blocks.transformerLayer("ecg_encoder_layer" + i, tokens, null);
    }
    tokens = blocks.layerNorm("ecg_encoder_final_norm", tokens);
    String pooled = g.node("ReduceMean", "pooled", new String[] {tokens}, ints("axes", 1), integer("keepdims", 0));
    String embedding = blocks.l2Normalise(EMBEDDING_OUTPUT, blocks.dense("ecg_projection", pooled));
    g.output(embedding, DataType.FLOAT, "batch", (long) config.embeddingSize());
    return g.model(OPSET, PRODUCER);
  }

  /** The report encoder and the projected, L2-normalised embedding of its [CLS] token. */
  public ModelProto textEncoder() {
    OnnxGraphBuilder g = new OnnxGraphBuilder("text_encoder");
    CmeltOnnxBlocks blocks = new CmeltOnnxBlocks(g, weights, config.width(), config.heads());
    String ids = g.input("input_ids", DataType.INT64, "batch", "tokens");
    String attention = g.input("attention_mask", DataType.FLOAT, "batch", "tokens");

    String table = g.floats("text_encoder_token_embedding", weights.values("text_encoder_token_embedding"),
        weights.shape("text_encoder_token_embedding"));
    String embedded = g.node("Gather", "token_vectors", new String[] {table, ids}, integer("axis", 0));
    // Positions 0..tokens-1 of the learned table; a report longer than maxTextTokens fails at Add.
    String length = g.node("Shape", "token_count", new String[] {ids}, integer("start", 1), integer("end", 2));
    String positionTable = g.floats("text_encoder_position_embedding",
        weights.values("text_encoder_position_embedding"), weights.shape("text_encoder_position_embedding"));
    String positions = g.node("Slice", "position_vectors",
        new String[] {positionTable, g.vector("slice_start", 0), length, g.vector("slice_axis", 0)});
    String x = g.node("Add", "text_tokens_in", new String[] {embedded, positions});
    String penalty = blocks.keyPenalty("padding_penalty", attention);
    for (int i = 0; i < config.textLayers(); i++) {
      x = blocks.transformerLayer("text_encoder_layer" + i, x, penalty);
    }
    x = blocks.layerNorm("text_encoder_final_norm", x);
    String cls = g.node("Gather", "cls_token", new String[] {x, g.longs("cls_index", new long[] {0})},
        integer("axis", 1));
    String embedding = blocks.l2Normalise(EMBEDDING_OUTPUT, blocks.dense("text_projection", cls));
    g.output(embedding, DataType.FLOAT, "batch", (long) config.embeddingSize());
    return g.model(OPSET, PRODUCER);
  }

  private static void write(ModelProto model, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      model.writeTo(out);
    }
  }
}
