package org.ecgstream.flink;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** Collects the WARN (and worse) lines one class logs while it is open, for tests of "one clear warning". */
public final class WarningCapture implements AutoCloseable {

  private final Logger logger;
  private final AbstractAppender appender;
  private final List<String> messages = new CopyOnWriteArrayList<>();

  private WarningCapture(Class<?> source) {
    this.logger = (Logger) LogManager.getLogger(source);
    this.appender = new AbstractAppender("capture-" + source.getSimpleName(), null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        if (event.getLevel().isMoreSpecificThan(Level.WARN)) {
          messages.add(event.getMessage().getFormattedMessage());
        }
      }
    };
    appender.start();
    logger.addAppender(appender);
  }

  /** Starts capturing what {@code source} logs at WARN or above. */
  public static WarningCapture of(Class<?> source) {
    return new WarningCapture(source);
  }

  public List<String> messages() {
    return List.copyOf(messages);
  }

  @Override
  public void close() {
    logger.removeAppender(appender);
    appender.stop();
  }
}
