package org.ecgstream.trainer.train;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.ecgstream.core.preprocess.EcgWindow;

/** SHA-256 over what a run actually trained on (ids, window samples, report texts): its data lineage. */
final class ContentHash {

  private final MessageDigest digest;
  private int records;

  ContentHash() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM lacks SHA-256", e);
    }
  }

  void add(String id, EcgWindow window, String report) {
    digest.update(id.getBytes(StandardCharsets.UTF_8));
    ByteBuffer buffer = ByteBuffer.allocate(window.leadCount() * window.length() * Float.BYTES);
    for (float[] lead : window.samples()) {
      for (float v : lead) {
        buffer.putFloat(v);
      }
    }
    digest.update(buffer.array());
    if (report != null) {
      digest.update(report.getBytes(StandardCharsets.UTF_8));
    }
    records++;
  }

  void addText(String text) {
    digest.update(text.getBytes(StandardCharsets.UTF_8));
    records++;
  }

  int records() {
    return records;
  }

  String hex() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
