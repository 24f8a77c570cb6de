package org.ecgstream.flink.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecgstream.schemas.Lead;
import org.junit.jupiter.api.Test;

/** Window bounds and stride of {@link RecentSignal} on event time. */
class RecentSignalTest {

  private static final long T0 = 1_700_000_000_000L;
  private static final Lead[] LEADS = {Lead.I, Lead.II};

  private final List<Long> ends = new ArrayList<>();
  private final List<Map<Lead, float[]>> windows = new ArrayList<>();

  @Test
  void aTenSecondWindowEndsOnEveryFiveSecondMultipleOnceTenSecondsAreBehindIt() throws Exception {
    RecentSignal signal = RecentSignal.starting(T0 + 1_234, 100, LEADS, 1f, 0, 10_000, 5_000);

    feed(signal, 29_000, 25);

    // Signal from 1.234 s to 30.234 s: the first full window ends at 15 s, then 20, 25, 30.
    assertThat(ends).containsExactly(T0 + 15_000, T0 + 20_000, T0 + 25_000, T0 + 30_000);
    assertThat(windows).allSatisfy(w -> assertThat(w.get(Lead.I)).hasSize(1000));
  }

  @Test
  void aWindowHoldsExactlyTheSamplesBeforeItsEndInOrder() throws Exception {
    RecentSignal signal = RecentSignal.starting(T0, 100, LEADS, 1f, 0, 10_000, 5_000);

    feed(signal, 12_000, 7);

    assertThat(ends).containsExactly(T0 + 10_000);
    float[] lead = windows.get(0).get(Lead.II);
    // Sample k carries the value k (lead II: -k): the window is samples 0..999.
    assertThat(lead[0]).isEqualTo(-0f);
    assertThat(lead[999]).isEqualTo(-999f);
    assertThat(signal.count).isEqualTo(1200);
  }

  @Test
  void invalidSamplesStayInvalidAndTheStateNeverGrowsBeyondOneWindow() throws Exception {
    RecentSignal signal = RecentSignal.starting(T0, 300, LEADS, 1f, 0, 10_000, 5_000);
    signal.append(new short[2][], 300, this::collect);

    feed(signal, 60_000, 75);

    assertThat(signal.ring).hasSize(2 * 3000);
    assertThat(ends).hasSize(11);
    assertThat(windows.get(0).get(Lead.I)[0]).isNaN();
    assertThat(windows.get(1).get(Lead.I)[0]).isNotNaN();
  }

  @Test
  void windowsReadTheAdcValuesAsMillivoltsWithTheFramesGainAndBaseline() throws Exception {
    RecentSignal signal = RecentSignal.starting(T0, 100, LEADS, 200f, 10, 10_000, 5_000);
    short[][] adc = new short[2][1000];
    java.util.Arrays.fill(adc[0], (short) 110);
    adc[0][3] = org.ecgstream.core.signal.Int16Samples.INVALID;

    signal.append(adc, 1000, this::collect);

    assertThat(windows).hasSize(1);
    float[] lead = windows.get(0).get(Lead.I);
    assertThat(lead[0]).isEqualTo(0.5f);
    assertThat(lead[3]).isNaN();
    assertThat(windows.get(0).get(Lead.II)[0]).isEqualTo(-0.05f);
    assertThat(signal.ring).as("two bytes a sample").isInstanceOf(short[].class);
  }

  @Test
  void framesThatDoNotFollowOnAreRecognised() {
    RecentSignal signal = RecentSignal.starting(T0, 250, LEADS, 1000f, 0, 10_000, 5_000);
    signal.count = 500; // 2 s appended

    assertThat(signal.continuesWith(T0 + 2_000, 250, LEADS, 1000f, 0)).isTrue();
    assertThat(signal.missingSamplesBefore(T0 + 3_000, 250, LEADS, 1000f, 0)).isEqualTo(250);
    assertThat(signal.missingSamplesBefore(T0 + 1_000, 250, LEADS, 1000f, 0)).isEqualTo(-1);
    assertThat(signal.missingSamplesBefore(T0 + 2_000, 500, LEADS, 1000f, 0)).isEqualTo(-1);
    assertThat(signal.missingSamplesBefore(T0 + 2_000, 250, new Lead[] {Lead.I}, 1000f, 0)).isEqualTo(-1);
    assertThat(signal.missingSamplesBefore(T0 + 2_000, 250, LEADS, 200f, 0)).as("another gain").isEqualTo(-1);
    assertThat(signal.missingSamplesBefore(T0 + 2_000, 250, LEADS, 1000f, 12)).as("another baseline").isEqualTo(-1);
  }

  /** Appends {@code millis} of samples valued by their index (lead I: k, lead II: -k, as ADC values at gain 1) in chunks. */
  private void feed(RecentSignal signal, long millis, int chunk) throws Exception {
    long total = millis * signal.sampleRateHz / 1000;
    long first = signal.count;
    for (long k = 0; k < total; k += chunk) {
      int n = (int) Math.min(chunk, total - k);
      short[][] mv = new short[2][n];
      for (int i = 0; i < n; i++) {
        mv[0][i] = (short) (first + k + i);
        mv[1][i] = (short) -(first + k + i);
      }
      signal.append(mv, n, this::collect);
    }
  }

  private void collect(long endMillis, Map<Lead, float[]> samples, int rateHz) {
    ends.add(endMillis);
    windows.add(samples);
  }
}
