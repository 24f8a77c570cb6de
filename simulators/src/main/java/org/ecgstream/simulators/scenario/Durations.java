package org.ecgstream.simulators.scenario;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: 90s, 2m, 2m15s, 1h30m, 500ms, or ISO-8601 (PT1M). */
public final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");
  private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h))+");

  private Durations() {}

  /** @throws IllegalArgumentException saying how to write one */
  public static Duration parse(String text) {
    String value = text == null ? "" : text.trim();
    if (WHOLE.matcher(value).matches()) {
      Duration total = Duration.ZERO;
      Matcher m = PART.matcher(value);
      while (m.find()) {
        long n = Long.parseLong(m.group(1));
        total = total.plus(switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        });
      }
      return total;
    }
    try {
      return Duration.parse(value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + text + "' is not a duration; write for example 60s, 5m, 2m30s, 1h or PT90S");
    }
  }
}
