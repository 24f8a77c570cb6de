package org.ecgstream.trainer.train;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ecgstream.core.text.BpeTokenizer;
import org.ecgstream.trainer.model.CmeltConfig;
import org.ecgstream.trainer.model.CmeltModel;

/**
 * A training run's output folder: {@value #CONFIG} (the configuration), {@value #TOKENIZER}, the
 * checkpoint with the weights, and {@value #SUMMARY} (lineage, losses, timing). Loads back into a
 * model for evaluation and export.
 */
public final class TrainedModel {

  public static final String CONFIG = "config.json";
  public static final String TOKENIZER = "tokenizer.json";
  public static final String SUMMARY = "training.json";

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TrainedModel() {}

  public static void writeConfig(Path dir, CmeltConfig config) throws IOException {
    Files.createDirectories(dir);
    JSON.writeValue(dir.resolve(CONFIG).toFile(), config);
  }

  public static CmeltConfig readConfig(Path dir) throws IOException {
    Path file = dir.resolve(CONFIG);
    if (!Files.isRegularFile(file)) {
      throw new IOException(dir + ": not a training output (no " + CONFIG + "; run './ecg train' first)");
    }
    try {
      return JSON.readValue(file.toFile(), CmeltConfig.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException(file + ": unreadable configuration: " + e.getMessage(), e);
    }
  }

  public static BpeTokenizer readTokenizer(Path dir) throws IOException {
    return BpeTokenizer.load(dir.resolve(TOKENIZER));
  }

  /**
   * Copies the configuration, tokenizer and weights (without optimiser state) of the run in
   * {@code from} to {@code to}: enough to load the model again, e.g. to re-check a bundle's parity.
   */
  public static void writeWeightsOnly(Path from, Path to, NDManager manager) throws IOException {
    CmeltModel model = load(from, manager);
    writeConfig(to, model.config());
    Files.copy(from.resolve(TOKENIZER), to.resolve(TOKENIZER), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Checkpoint.save(to, model, null);
  }

  /** The trained model of {@code dir}, its arrays in {@code manager}. */
  public static CmeltModel load(Path dir, NDManager manager) throws IOException {
    CmeltConfig config = readConfig(dir);
    BpeTokenizer tokenizer = readTokenizer(dir);
    CmeltModel model = new CmeltModel(config, tokenizer.vocabSize());
    model.initialize(manager);
    Checkpoint.load(dir, model, null, manager);
    return model;
  }
}
