package org.ecgstream.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** EC57 beat-by-beat matching on hand-made beat trains at 360 Hz (150 ms = 54 samples). */
class BeatMatcherTest {

  @Test
  void detectionsWithinOneHundredFiftyMillisecondsMatch() {
    long[] reference = {1000, 2000, 3000};
    long[] detected = {1010, 1946, 3054};
    BeatByBeatScore s = BeatMatcher.score("r", reference, detected, 360, 0);
    assertThat(s).isEqualTo(new BeatByBeatScore("r", 3, 0, 0));
  }

  @Test
  void detectionJustOutsideTheWindowIsAMissAndAnExtra() {
    BeatByBeatScore s = BeatMatcher.score("r", new long[] {1000}, new long[] {1055}, 360, 0);
    assertThat(s).isEqualTo(new BeatByBeatScore("r", 0, 1, 1));
  }

  @Test
  void twoDetectionsOnOneBeatCountOneMatchAndOneExtra() {
    BeatByBeatScore s = BeatMatcher.score("r", new long[] {1000, 2000}, new long[] {990, 1005, 2000}, 360, 0);
    assertThat(s).isEqualTo(new BeatByBeatScore("r", 2, 0, 1));
  }

  @Test
  void onlyBeatsFromTheScoringStartCount() {
    long[] reference = {100, 200, 5000, 6000};
    long[] detected = {100, 150, 5000};
    BeatByBeatScore s = BeatMatcher.score("r", reference, detected, 360, 4000);
    assertThat(s).isEqualTo(new BeatByBeatScore("r", 1, 1, 0));
  }

  @Test
  void sensitivityAndPositivePredictivityAreSharesOfReferenceAndDetections() {
    BeatByBeatScore s = new BeatByBeatScore("r", 990, 10, 5);
    assertThat(s.sensitivity()).isEqualTo(0.99);
    assertThat(s.positivePredictivity()).isEqualTo(990.0 / 995);
    assertThat(BeatByBeatScore.gross("g", java.util.List.of(s, new BeatByBeatScore("q", 10, 0, 0))))
        .isEqualTo(new BeatByBeatScore("g", 1000, 10, 5));
  }
}
