package org.ecgstream.simulators.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.schemas.Lead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BeatTrainGeneratorTest {

  @ParameterizedTest(name = "{0} bpm at {1} Hz")
  @CsvSource({"40, 250", "72, 500", "150, 360", "180, 1000"})
  void requestedHeartRateIsMetWithinOneBpmOverAMinute(double bpm, int rateHz) {
    BeatTrainGenerator generator = new BeatTrainGenerator(rateHz, List.of(Lead.II), bpm, 7);
    List<Long> peaks = new ArrayList<>();
    float[][] out = new float[1][rateHz];
    for (int second = 0; second < 60; second++) {
      generator.next(rateHz, out, peaks::add);
    }
    double meanRrSeconds = (peaks.get(peaks.size() - 1) - peaks.get(0)) / (double) rateHz / (peaks.size() - 1);
    assertThat(60 / meanRrSeconds).isCloseTo(bpm, org.assertj.core.data.Offset.offset(1.0));
  }

  @Test
  void rPeaksReportedAsTruthAreTheMaximaOfLeadII() {
    int rate = 500;
    BeatTrainGenerator generator = new BeatTrainGenerator(rate, List.of(Lead.II), 75, 3, 0.0);
    float[][] out = new float[1][rate * 20];
    List<Long> peaks = new ArrayList<>();
    generator.next(rate * 20, out, peaks::add);
    assertThat(peaks).hasSizeBetween(24, 26);
    for (long peak : peaks) {
      int p = (int) peak;
      int from = Math.max(0, p - rate / 5);
      int to = Math.min(out[0].length, p + rate / 5);
      int argmax = from;
      for (int i = from; i < to; i++) {
        if (out[0][i] > out[0][argmax]) {
          argmax = i;
        }
      }
      assertThat(Math.abs(argmax - p)).as("R peak at sample %d", p).isLessThanOrEqualTo(1);
      assertThat(out[0][p]).isGreaterThan(1.0f);
    }
  }

  @Test
  void sameSeedGivesTheSameSignal() {
    float[][] a = new float[12][1000];
    float[][] b = new float[12][1000];
    new BeatTrainGenerator(500, StandardLeads.TWELVE, 80, 42).next(1000, a, null);
    new BeatTrainGenerator(500, StandardLeads.TWELVE, 80, 42).next(1000, b, null);
    assertThat(a).isDeepEqualTo(b);
  }

  @Test
  void augmentedLeadAvrIsInvertedAgainstLeadII() {
    float[][] out = new float[2][5000];
    List<Long> peaks = new ArrayList<>();
    new BeatTrainGenerator(500, List.of(Lead.II, Lead.AVR), 70, 1, 0).next(5000, out, peaks::add);
    int p = peaks.get(1).intValue();
    assertThat(out[0][p]).isPositive();
    assertThat(out[1][p]).isNegative();
  }

  @Test
  void refusesImplausibleRates() {
    assertThatThrownBy(() -> new BeatTrainGenerator(500, List.of(Lead.II), 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("10..350 bpm");
  }
}
