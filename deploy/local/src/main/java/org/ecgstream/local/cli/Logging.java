package org.ecgstream.local.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/** Switches between the quiet default (our own lines only) and --verbose. */
final class Logging {

  private Logging() {}

  static void apply(boolean verbose) {
    if (verbose) {
      Configurator.setLevel("org.ecgstream", Level.DEBUG);
      Configurator.setLevel("org.apache.kafka", Level.INFO);
      Configurator.setLevel("org.apache.flink", Level.INFO);
      Configurator.setRootLevel(Level.INFO);
    }
  }
}
