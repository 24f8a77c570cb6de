package org.ecgstream.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class Int16SamplesTest {

  @Test
  void packedSamplesAreLittleEndianInt16() {
    ByteBuffer packed = Int16Samples.pack(new short[] {1, -2, Short.MAX_VALUE});
    byte[] bytes = packed.array();
    assertThat(bytes).containsExactly(0x01, 0x00, 0xFE, 0xFF, 0xFF, 0x7F);
  }

  @Test
  void unpackReversesPackAtTheExtremes() {
    short[] adc = {Short.MIN_VALUE, -1, 0, 1, Short.MAX_VALUE};
    assertThat(Int16Samples.unpack(Int16Samples.pack(adc))).containsExactly(adc);
    assertThat(Int16Samples.count(Int16Samples.pack(adc))).isEqualTo(5);
  }

  @Test
  void millivoltsAreAdcMinusBaselineOverGain() {
    // MIT-BIH style: gain 200 ADC units per mV, baseline 1024.
    float[] mv = Int16Samples.toMillivolts(Int16Samples.pack(new short[] {1024, 1224, 824}), 200f, 1024);
    assertThat(mv).containsExactly(0f, 1f, -1f);
  }

  @Test
  void invalidMarkerReadsAsNaN() {
    float[] mv = Int16Samples.toMillivolts(Int16Samples.pack(new short[] {Int16Samples.INVALID, 200}), 200f, 0);
    assertThat(mv[0]).isNaN();
    assertThat(mv[1]).isEqualTo(1f);
  }

  @Test
  void readingDoesNotMoveTheBuffer() {
    ByteBuffer packed = Int16Samples.pack(new short[] {5, 6});
    Int16Samples.toMillivolts(packed, 1f, 0);
    Int16Samples.unpack(packed);
    assertThat(packed.position()).isZero();
  }

  @Test
  void nonPositiveGainIsRefused() {
    ByteBuffer packed = Int16Samples.pack(new short[] {1});
    assertThatThrownBy(() -> Int16Samples.toMillivolts(packed, 0f, 0)).hasMessageContaining("gain");
    assertThatThrownBy(() -> Int16Samples.toMillivolts(packed, Float.NaN, 0)).hasMessageContaining("gain");
  }
}
