package org.ecgstream.local.cli;

import java.time.Duration;
import org.ecgstream.simulators.scenario.Durations;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations as people write them ({@link Durations}): 90s, 2m, 2m30s, 1h, 500ms, or ISO-8601 (PT1M). */
public final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
