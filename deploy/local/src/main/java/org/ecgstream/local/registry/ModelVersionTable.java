package org.ecgstream.local.registry;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ecgstream.schemas.ModelVersion;

/** Prints registry records as an aligned table: name, version, stage, share, changed by, changed at (UTC), reason. */
public final class ModelVersionTable {

  private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final String ROW = "%-16s %-10s %-10s %-6s %-12s %-20s %s%n";

  private ModelVersionTable() {}

  /** One row per record, with a header; "no model versions" when there are none. */
  public static void print(List<ModelVersion> rows, PrintWriter out) {
    if (rows.isEmpty()) {
      out.println("no model versions on the registry topic (publish one: ./ecg models publish DIR)");
      out.flush();
      return;
    }
    out.printf(ROW, "name", "version", "stage", "share", "changed by", "changed at", "reason");
    for (ModelVersion v : rows) {
      out.printf(ROW, v.getModelName(), v.getVersion(), v.getStage(),
          v.getCanaryShare() == null ? "" : String.format("%.0f%%", v.getCanaryShare() * 100), v.getChangedBy(),
          AT.format(Instant.ofEpochMilli(v.getChangedAtMillis())), v.getReason() == null ? "" : v.getReason());
    }
    out.flush();
  }

  /** Where each version's bundle lives, its manifest hash and metrics. */
  public static void printBundles(List<ModelVersion> history, PrintWriter out) {
    Map<String, ModelVersion> byVersion = new TreeMap<>();
    history.forEach(v -> byVersion.put(v.getVersion(), v));
    for (ModelVersion v : byVersion.values()) {
      out.printf("%nbundle %s %s%n  uri      %s%n  sha256   %s (manifest.json)%n", v.getModelName(), v.getVersion(), v.getUri(),
          v.getSha256());
      new TreeMap<>(v.getMetrics()).forEach((k, value) -> out.printf("  metric   %s = %.4f%n", k, value));
    }
    out.flush();
  }
}
