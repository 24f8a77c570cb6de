package org.ecgstream.simulators.framefile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.serde.AvroSafety;

/**
 * Writes {@link EcgFrame}s to an Avro object container file (the frames a device would have sent to
 * {@code ecg.raw}, in the order written), so tests and the trainer can use simulated or replayed data
 * without a broker. Read it back with {@link FrameFileReader}.
 *
 * <p>The records are the same for the same input; the container's sync markers are random (Avro
 * draws them per file), so compare decoded frames, not file bytes.
 */
public final class FrameFileWriter implements AutoCloseable {

  /** Metadata key naming what wrote the file, e.g. "ecg simulate --seed 1". */
  public static final String SOURCE_METADATA = "ecg.source";

  private final Path file;
  private final DataFileWriter<EcgFrame> writer;
  private long frames;

  /** Creates (or replaces) {@code file}; {@code source} is stored in the file's metadata. */
  public FrameFileWriter(Path file, String source) throws IOException {
    AvroSafety.install();
    this.file = file;
    this.writer = new DataFileWriter<>(new SpecificDatumWriter<>(EcgFrame.class));
    // Deflate: int16 ECG samples compress to about half; fast enough for as-fast-as-possible runs.
    writer.setCodec(CodecFactory.deflateCodec(1));
    writer.setMeta(SOURCE_METADATA, source);
    try {
      writer.create(EcgFrame.getClassSchema(), file.toFile());
    } catch (IOException e) {
      throw new IOException(file + ": cannot create the frame file: " + e.getMessage(), e);
    }
  }

  /** Appends one frame. */
  public void append(EcgFrame frame) {
    try {
      writer.append(frame);
      frames++;
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot write frame " + frames + ": " + e.getMessage(), e);
    }
  }

  /** Frames written so far. */
  public long frames() {
    return frames;
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}
