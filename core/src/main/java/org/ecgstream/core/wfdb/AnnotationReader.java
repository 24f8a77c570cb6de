package org.ecgstream.core.wfdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads WFDB annotation files in MIT format (PhysioNet "annot(5)"): a stream of 16-bit
 * little-endian words, 6 bits of code and 10 bits of sample increment, with pseudo-codes that
 * extend the previous annotation (SUB, CHN, NUM, AUX) or the time base (SKIP).
 */
public final class AnnotationReader {

  private static final int SKIP = 59;
  private static final int NUM = 60;
  private static final int SUB = 61;
  private static final int CHN = 62;
  private static final int AUX = 63;

  private AnnotationReader() {}

  /** Reads {@code dir/record.extension}, for example {@code mitdb/100.atr}. */
  public static List<Annotation> read(Path dir, String record, String extension) throws WfdbFormatException {
    Path file = dir.resolve(record + "." + extension);
    byte[] b;
    try {
      b = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new WfdbFormatException(file + ": annotation file not found", e);
    } catch (IOException e) {
      throw new WfdbFormatException(file + ": cannot read annotations: " + e.getMessage(), e);
    }
    return parse(b, file.toString());
  }

  /** Parses MIT-format annotation bytes; {@code source} names them in error messages. */
  public static List<Annotation> parse(byte[] b, String source) throws WfdbFormatException {
    List<Annotation> out = new ArrayList<>();
    long time = 0;
    int channel = 0;
    int number = 0;
    int p = 0;
    while (p + 1 < b.length) {
      int word = (b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8);
      p += 2;
      int code = word >>> 10;
      int value = word & 0x3FF;
      if (code == 0 && value == 0) {
        return out; // end of file marker
      }
      switch (code) {
        case SKIP -> {
          if (p + 4 > b.length) {
            throw new WfdbFormatException(source + ": SKIP at byte " + (p - 2) + " is cut off (file truncated?)");
          }
          // 32-bit interval stored as two 16-bit words, most significant word first (PDP-11 order).
          long high = (b[p] & 0xFF) | ((b[p + 1] & 0xFF) << 8);
          long low = (b[p + 2] & 0xFF) | ((b[p + 3] & 0xFF) << 8);
          time += (int) ((high << 16) | low);
          p += 4;
        }
        case NUM -> {
          number = value;
          replaceLast(out, a -> new Annotation(a.sample(), a.code(), a.subtype(), a.channel(), value, a.aux()));
        }
        case SUB -> replaceLast(out, a -> new Annotation(a.sample(), a.code(), value, a.channel(), a.number(), a.aux()));
        case CHN -> {
          channel = value;
          replaceLast(out, a -> new Annotation(a.sample(), a.code(), a.subtype(), value, a.number(), a.aux()));
        }
        case AUX -> {
          if (p + value > b.length) {
            throw new WfdbFormatException(source + ": aux string at byte " + (p - 2) + " runs past the end (file truncated?)");
          }
          String aux = new String(b, p, value, StandardCharsets.ISO_8859_1).replace("\0", "");
          p += value + (value & 1); // padded to an even length
          replaceLast(out, a -> new Annotation(a.sample(), a.code(), a.subtype(), a.channel(), a.number(), aux));
        }
        default -> {
          time += value;
          out.add(new Annotation(time, code, 0, channel, number, null));
        }
      }
    }
    return out;
  }

  private static void replaceLast(List<Annotation> out, java.util.function.UnaryOperator<Annotation> change) {
    if (!out.isEmpty()) {
      out.set(out.size() - 1, change.apply(out.get(out.size() - 1)));
    }
  }
}
