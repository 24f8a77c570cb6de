package org.ecgstream.core.wfdb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes beats as a WFDB annotation file in MIT format, so that PhysioNet's own tools ({@code bxb})
 * can score a detector independently of our scorer.
 */
public final class AnnotationWriter {

  private static final int NORMAL = 1;
  private static final int SKIP = 59;
  private static final int MAX_INCREMENT = 1023;

  private AnnotationWriter() {}

  /** Writes {@code beats} (sorted sample indices) as normal-beat annotations to {@code file}. */
  public static void writeBeats(Path file, long[] beats) throws IOException {
    Files.write(file, encode(beats));
  }

  static byte[] encode(long[] beats) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(beats.length * 2 + 2);
    long time = 0;
    for (long beat : beats) {
      long increment = beat - time;
      if (increment < 0) {
        throw new IllegalArgumentException("beats must be sorted: " + beat + " after " + time);
      }
      if (increment > MAX_INCREMENT) {
        word(out, SKIP << 10);
        // 32-bit interval, most significant 16-bit word first, each word little-endian.
        word(out, (int) ((increment >>> 16) & 0xFFFF));
        word(out, (int) (increment & 0xFFFF));
        increment = 0;
      }
      word(out, (NORMAL << 10) | (int) increment);
      time = beat;
    }
    word(out, 0);
    return out.toByteArray();
  }

  private static void word(ByteArrayOutputStream out, int word) {
    out.write(word & 0xFF);
    out.write((word >>> 8) & 0xFF);
  }
}
