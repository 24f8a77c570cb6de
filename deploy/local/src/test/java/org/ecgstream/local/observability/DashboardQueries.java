package org.ecgstream.local.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL queries of a Grafana dashboard JSON and the metric names (with the label names their
 * selectors use) they read. Names are what is left of an expression after removing strings, label
 * matchers, range selectors, grouping clauses, numbers and PromQL's own functions and keywords; so
 * a misspelt metric stays a name and is caught, rather than passing as a function.
 */
final class DashboardQueries {

  private static final Set<String> PROMQL = Set.of("sum", "min", "max", "avg", "count", "stddev", "stdvar", "topk", "bottomk",
      "quantile", "count_values", "group", "rate", "irate", "increase", "delta", "idelta", "deriv", "histogram_quantile",
      "abs", "ceil", "floor", "round", "clamp", "clamp_min", "clamp_max", "time", "vector", "scalar", "label_replace",
      "label_join", "sort", "sort_desc", "absent", "changes", "resets", "avg_over_time", "max_over_time", "min_over_time",
      "sum_over_time", "count_over_time", "last_over_time", "by", "without", "on", "ignoring", "group_left", "group_right",
      "and", "or", "unless", "bool", "offset", "inf", "nan");
  private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
  private static final Pattern LABEL_NAME = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private DashboardQueries() {}

  /** Every {@code expr} of every panel target, rows' nested panels included. */
  static List<String> expressions(Path dashboard) throws IOException {
    JsonNode root = new ObjectMapper().readTree(dashboard.toFile());
    List<String> exprs = new ArrayList<>();
    collect(root.path("panels"), exprs);
    return exprs;
  }

  private static void collect(JsonNode panels, List<String> exprs) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        if (target.hasNonNull("expr")) {
          exprs.add(target.get("expr").asText());
        }
      }
      collect(panel.path("panels"), exprs);
    }
  }

  /** Metric name to the label names the expression's selectors match on it. */
  static Map<String, Set<String>> metrics(String expr) {
    Map<String, Set<String>> metrics = new LinkedHashMap<>();
    Matcher selector = SELECTOR.matcher(expr);
    while (selector.find()) {
      Set<String> labels = metrics.computeIfAbsent(selector.group(1), k -> new LinkedHashSet<>());
      Matcher label = LABEL_NAME.matcher(selector.group(2));
      while (label.find()) {
        labels.add(label.group(1));
      }
    }
    String bare = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ")
        .replaceAll("\\{[^}]*}", " ")
        .replaceAll("\\[[^]]*]", " ")
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
        .replaceAll("\\b\\d+(\\.\\d+)?\\b", " ");
    Matcher id = IDENTIFIER.matcher(bare);
    while (id.find()) {
      if (!PROMQL.contains(id.group().toLowerCase())) {
        metrics.computeIfAbsent(id.group(), k -> new LinkedHashSet<>());
      }
    }
    return metrics;
  }
}
