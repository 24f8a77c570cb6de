package org.ecgstream.observability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4): what a scraper would take from
 * {@code /metrics}. Used to check a scrape parses and to list the metric names in it (the Grafana
 * dashboard's test compares its queries against a real scrape).
 */
public final class PrometheusText {

  private static final Pattern SAMPLE = Pattern.compile(
      "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+-?\\d+)?");
  private static final Pattern LABEL = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(,|$)");
  private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");

  /** One sample line: {@code name{labels} value}. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples;
  private final Map<String, String> types;

  private PrometheusText(List<Sample> samples, Map<String, String> types) {
    this.samples = samples;
    this.types = types;
  }

  /** Parses {@code text}; a line that is neither a comment nor a sample fails with its number. */
  public static PrometheusText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    Map<String, String> types = new LinkedHashMap<>();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("#")) {
        Matcher t = TYPE.matcher(line);
        if (t.matches()) {
          if (types.put(t.group(1), t.group(2)) != null) {
            // Prometheus refuses a scrape with a family declared twice ("second TYPE line for metric name").
            throw new IllegalArgumentException("line " + (i + 1) + ": second TYPE of " + t.group(1));
          }
        } else if (line.startsWith("# TYPE")) {
          throw new IllegalArgumentException("line " + (i + 1) + ": malformed TYPE comment: " + line);
        }
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException("line " + (i + 1) + ": not a sample: " + line);
      }
      samples.add(new Sample(m.group(1), labels(m.group(3), i + 1, line), value(m.group(4), i + 1, line)));
    }
    return new PrometheusText(Collections.unmodifiableList(samples), Collections.unmodifiableMap(types));
  }

  public List<Sample> samples() {
    return samples;
  }

  /** Metric family name to its declared type. */
  public Map<String, String> types() {
    return types;
  }

  /** The distinct sample names, in order of appearance. */
  public Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    samples.forEach(s -> names.add(s.name()));
    return names;
  }

  /** The samples named {@code name}. */
  public List<Sample> named(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  private static Map<String, String> labels(String text, int lineNo, String line) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return labels;
    }
    Matcher m = LABEL.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("line " + lineNo + ": malformed labels: " + line);
      }
      labels.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\"));
      at = m.end();
    }
    return labels;
  }

  private static double value(String text, int lineNo, String line) {
    switch (text) {
      case "+Inf", "Inf" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-Inf" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case "NaN" -> {
        return Double.NaN;
      }
      default -> {
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("line " + lineNo + ": value is not a number: " + line);
        }
      }
    }
  }
}
