package org.ecgstream.flink.rate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeartRateOverWindowTest {

  @Test
  void rateIsSixtyOverTheMedianRrInterval() {
    // RR 800, 800, 1000, 800 ms: median 800 ms -> 75 bpm.
    assertThat(HeartRateOverWindow.medianRateBpm(List.of(0L, 800L, 1600L, 2600L, 3400L))).isCloseTo(75.0, within(1e-9));
  }

  @Test
  void oneMissedBeatDoesNotMoveTheRate() {
    // A missed beat doubles one RR interval; the median ignores it.
    assertThat(HeartRateOverWindow.medianRateBpm(List.of(0L, 500L, 1000L, 2000L, 2500L, 3000L))).isCloseTo(120.0, within(1e-9));
  }

  @Test
  void beatsInAnyOrderGiveTheSameRate() {
    assertThat(HeartRateOverWindow.medianRateBpm(List.of(1000L, 0L, 2000L))).isCloseTo(60.0, within(1e-9));
  }

  @Test
  void fewerThanThreeBeatsGiveNoRate() {
    assertThat(HeartRateOverWindow.medianRateBpm(List.of(0L, 1000L))).isNull();
    assertThat(HeartRateOverWindow.medianRateBpm(List.of())).isNull();
  }
}
