package org.ecgstream.core.preprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.ecgstream.schemas.Lead;
import org.junit.jupiter.api.Test;

class WindowCropsTest {

  private static float[] ramp(int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
    }
    return x;
  }

  @Test
  void longRecordingIsCoveredFromStartToEnd() {
    List<Map<Lead, float[]>> crops = WindowCrops.evenlySpaced(Map.of(Lead.I, ramp(3000)), 100, 10, 3);
    assertThat(crops).hasSize(3);
    assertThat(crops.get(0).get(Lead.I)[0]).isEqualTo(0f);
    assertThat(crops.get(1).get(Lead.I)[0]).isEqualTo(1000f);
    assertThat(crops.get(2).get(Lead.I)[999]).isEqualTo(2999f);
  }

  @Test
  void shortRecordingIsOneCropAsLongAsTheRecording() {
    List<Map<Lead, float[]>> crops = WindowCrops.evenlySpaced(Map.of(Lead.I, ramp(900)), 100, 10, 3);
    assertThat(crops).hasSize(1);
    assertThat(crops.get(0).get(Lead.I)).hasSize(900);
  }

  @Test
  void slightlyLongerRecordingGetsNoMoreCropsThanHalfWindowSteps() {
    assertThat(WindowCrops.evenlySpaced(Map.of(Lead.I, ramp(1200)), 100, 10, 5)).hasSize(1);
    assertThat(WindowCrops.evenlySpaced(Map.of(Lead.I, ramp(1600)), 100, 10, 5)).hasSize(2);
  }
}
