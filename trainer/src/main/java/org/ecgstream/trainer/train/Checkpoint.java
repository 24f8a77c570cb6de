package org.ecgstream.trainer.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.ecgstream.trainer.model.CmeltModel;

/**
 * A resumable training state in one file: model weights, then the optimiser's step and moments.
 * Written to a temporary file and moved into place, so a crash mid-write leaves the previous
 * checkpoint intact.
 */
public final class Checkpoint {

  /** File name inside a run's output directory. */
  public static final String FILE = "checkpoint.bin";
  private static final int MAGIC = 0x434d4c54; // "CMLT"
  private static final int FORMAT = 1;

  private Checkpoint() {}

  /**
   * Writes weights and, when {@code optimizer} is not null, its state. A weights-only checkpoint
   * serves evaluation and parity checks; it cannot be resumed.
   */
  public static void save(Path dir, CmeltModel model, AdamWOptimizer optimizer) throws IOException {
    Files.createDirectories(dir);
    Path temporary = dir.resolve(FILE + ".tmp");
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary)))) {
      out.writeInt(MAGIC);
      out.writeInt(FORMAT);
      out.writeUTF(model.config().name());
      out.writeInt(model.vocabularySize());
      model.saveParameters(out);
      if (optimizer != null) {
        optimizer.save(out);
      }
    }
    Files.move(temporary, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Loads weights (and, when {@code optimizer} is not null, the optimiser state) saved by {@link #save}. */
  public static void load(Path dir, CmeltModel model, AdamWOptimizer optimizer, NDManager manager)
      throws IOException {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + ": no checkpoint here (train first, or drop --resume)");
    }
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
        throw new IOException(file + ": not a C-MELT checkpoint of format " + FORMAT);
      }
      String config = in.readUTF();
      int vocabulary = in.readInt();
      if (!config.equals(model.config().name()) || vocabulary != model.vocabularySize()) {
        throw new IOException(file + ": checkpoint is for configuration '" + config + "' with vocabulary "
            + vocabulary + ", not '" + model.config().name() + "' with " + model.vocabularySize());
      }
      model.loadParameters(manager, in);
      // Loaded arrays are plain tensors; training needs them to collect gradients again.
      for (var parameter : model.getParameters().values()) {
        parameter.getArray().setRequiresGradient(true);
      }
      if (optimizer != null) {
        optimizer.load(in, manager);
      }
    } catch (MalformedModelException e) {
      throw new IOException(file + ": corrupt checkpoint: " + e.getMessage(), e);
    }
  }
}
