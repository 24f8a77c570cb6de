package org.ecgstream.simulators.framefile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.serde.AvroSafety;

/**
 * Reads back a frame file written by {@link FrameFileWriter} ({@code ./ecg simulate --out},
 * {@code ./ecg replay --out}): the {@link EcgFrame}s in the order they were written.
 *
 * <pre>{@code
 * try (FrameFileReader frames = FrameFileReader.open(Path.of("ward.avro"))) {
 *   for (EcgFrame frame : frames) { ... }
 * }
 * }</pre>
 */
public final class FrameFileReader implements Iterable<EcgFrame>, AutoCloseable {

  private final Path file;
  private final DataFileReader<EcgFrame> reader;

  private FrameFileReader(Path file, DataFileReader<EcgFrame> reader) {
    this.file = file;
    this.reader = reader;
  }

  /** Opens {@code file}; fails naming the file when it is missing or not an Avro container of frames. */
  public static FrameFileReader open(Path file) throws IOException {
    AvroSafety.install();
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new NoSuchFileException(file + ": frame file not found");
    }
    try {
      return new FrameFileReader(file, new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(EcgFrame.class)));
    } catch (java.io.FileNotFoundException | NoSuchFileException e) {
      throw new IOException(file + ": frame file not found", e);
    } catch (IOException e) {
      throw new IOException(file + ": not an Avro frame file (" + e.getMessage() + ")", e);
    }
  }

  /** Every frame of {@code file}, in order. */
  public static List<EcgFrame> readAll(Path file) throws IOException {
    try (FrameFileReader frames = open(file)) {
      List<EcgFrame> all = new ArrayList<>();
      frames.forEach(all::add);
      return all;
    }
  }

  /** What wrote the file (its {@link FrameFileWriter#SOURCE_METADATA}), or null. */
  public String source() {
    return reader.getMetaString(FrameFileWriter.SOURCE_METADATA);
  }

  /** The frames in file order; a corrupt block fails with the file named. */
  @Override
  public Iterator<EcgFrame> iterator() {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return reader.hasNext();
      }

      @Override
      public EcgFrame next() {
        try {
          return reader.next();
        } catch (org.apache.avro.AvroRuntimeException e) {
          throw new UncheckedIOException(new IOException(file + ": corrupt frame file: " + e.getMessage(), e));
        }
      }
    };
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
