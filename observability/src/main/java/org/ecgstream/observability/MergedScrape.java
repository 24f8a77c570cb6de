package org.ecgstream.observability;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One Prometheus scrape of several services' registries in one process (the demo runs ingest and
 * the dashboard in one JVM): each registry keeps its own {@code service} tag, and metric families
 * that several registries have (the JVM's, Kafka clients') are written once with all their samples,
 * as the text format requires (a second {@code # TYPE} of a name is an error to Prometheus).
 */
public final class MergedScrape implements Supplier<String> {

  private final List<PrometheusMeterRegistry> registries;

  public MergedScrape(List<PrometheusMeterRegistry> registries) {
    if (registries.isEmpty()) {
      throw new IllegalArgumentException("no registries to scrape");
    }
    this.registries = List.copyOf(registries);
  }

  @Override
  public String get() {
    // family name -> its HELP/TYPE lines (from the first registry that has it) and every registry's samples
    Map<String, Family> families = new LinkedHashMap<>();
    for (PrometheusMeterRegistry r : registries) {
      Family current = null;
      for (String line : r.scrape().split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
          String name = line.substring(7).split(" ", 2)[0];
          boolean seen = families.containsKey(name);
          current = families.computeIfAbsent(name, n -> new Family());
          if (!seen || current.headerFromSameRegistry(r)) {
            current.header.add(line);
            current.headerOwner = r;
          }
        } else if (line.startsWith("#")) {
          continue; // other comments (# EOF belongs to OpenMetrics, not to 0.0.4)
        } else if (current != null) {
          current.samples.add(line);
        } else {
          throw new IllegalStateException("sample before any # TYPE in a Micrometer scrape: " + line);
        }
      }
    }
    StringBuilder out = new StringBuilder();
    families.values().forEach(f -> {
      f.header.forEach(l -> out.append(l).append('\n'));
      f.samples.forEach(l -> out.append(l).append('\n'));
    });
    return out.toString();
  }

  private static final class Family {
    final List<String> header = new ArrayList<>(2);
    final List<String> samples = new ArrayList<>();
    PrometheusMeterRegistry headerOwner;

    boolean headerFromSameRegistry(PrometheusMeterRegistry r) {
      return headerOwner == r;
    }
  }
}
