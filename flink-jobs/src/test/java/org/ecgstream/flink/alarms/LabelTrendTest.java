package org.ecgstream.flink.alarms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.ecgstream.flink.alarms.LabelTrend.Change;
import org.junit.jupiter.api.Test;

/** Smoothing of a label's score over consecutive windows and when its condition starts and ends. */
class LabelTrendTest {

  private static final LabelTrend.Settings SETTINGS = new LabelTrend.Settings("atrial_fibrillation", 0.5, 0.5, 3);

  @Test
  void conditionStartsOnTheThirdConsecutiveWindowAboveThresholdAndEndsWhenTheAverageDrops() {
    List<Change> changes = run(0.1, 0.9, 0.9, 0.9, 0.9, 0.1, 0.1);

    // Averages: 0.1, 0.5, 0.7, 0.8, 0.85, 0.475, 0.29.
    assertThat(changes).containsExactly(Change.NONE, Change.NONE, Change.NONE, Change.STARTED, Change.NONE,
        Change.ENDED, Change.NONE);
  }

  @Test
  void aSingleHighWindowDoesNotStartIt() {
    assertThat(run(0.1, 0.99, 0.1, 0.1, 0.99, 0.1)).containsOnly(Change.NONE);
  }

  @Test
  void aGapLongerThanAWindowRestartsTheAverage() {
    LabelTrend trend = new LabelTrend();
    trend.update(0.9, 0, 10_000, SETTINGS);
    trend.update(0.9, 5_000, 15_000, SETTINGS);

    trend.update(0.1, 60_000, 70_000, SETTINGS);

    assertThat(trend.smoothed).isEqualTo(0.1);
    assertThat(trend.windowsAbove).isZero();
  }

  @Test
  void aWindowOutOfOrderIsIgnored() {
    LabelTrend trend = new LabelTrend();
    trend.update(0.2, 5_000, 15_000, SETTINGS);

    assertThat(trend.update(0.9, 0, 10_000, SETTINGS)).isEqualTo(Change.NONE);
    assertThat(trend.smoothed).isEqualTo(0.2);
  }

  private static List<Change> run(double... scores) {
    LabelTrend trend = new LabelTrend();
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      changes.add(trend.update(scores[i], i * 5_000L, i * 5_000L + 10_000, SETTINGS));
    }
    return changes;
  }
}
