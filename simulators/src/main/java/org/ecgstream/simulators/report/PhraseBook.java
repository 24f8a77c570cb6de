package org.ecgstream.simulators.report;

import java.util.List;
import java.util.Random;
import org.ecgstream.simulators.twelvelead.BeatType;
import org.ecgstream.simulators.twelvelead.Finding;
import org.ecgstream.simulators.twelvelead.GroundTruth;
import org.ecgstream.simulators.twelvelead.Territory;

/** Short clinical phrases for each finding in one language, several per finding, chosen at random. */
abstract class PhraseBook {

  /** The rhythm statement, with rate qualifiers where the rhythm's wording depends on the rate. */
  abstract String rhythm(GroundTruth truth, Random random);

  /** A statement for an ectopy, conduction or morphology finding. */
  abstract String statement(Finding finding, GroundTruth truth, Random random);

  /** The electrical axis in words, or null when this report leaves it out. */
  abstract String axis(double degrees, Random random);

  /** The "normal ECG" summary; {@code plainSinus} for plain sinus rhythm, otherwise "otherwise normal". */
  abstract String normal(boolean plainSinus, Random random);

  /** An optional closing statement for abnormal recordings, or null. */
  abstract String abnormalSummary(Random random);

  /** Joins statements in this language's report style. */
  abstract String join(List<String> statements, Random random);

  /** Spelling variants of a finished report (e.g. how umlauts were stored). */
  String respell(String report, Random random) {
    return report;
  }

  static String pick(Random random, String... options) {
    return options[random.nextInt(options.length)];
  }

  static int rate(GroundTruth truth) {
    return (int) Math.round(truth.meanHeartRateBpm());
  }

  static boolean junctionalEscape(GroundTruth truth) {
    return truth.beats().stream().anyMatch(b -> b.type() == BeatType.JUNCTIONAL_ESCAPE);
  }

  static Territory territory(GroundTruth truth) {
    return truth.stTerritory() == null ? Territory.LATERAL : truth.stTerritory();
  }
}
