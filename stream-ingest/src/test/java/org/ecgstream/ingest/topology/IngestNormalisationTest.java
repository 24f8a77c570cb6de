package org.ecgstream.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecgstream.ingest.topology.IngestHarness.T0;
import static org.ecgstream.ingest.topology.IngestHarness.frame;

import java.util.List;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.FrameQuality;
import org.ecgstream.schemas.Lead;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The canonical frame on ecg.frames: 1000 units per mV, baseline 0, quality flags, device time and sequence kept. */
class IngestNormalisationTest {

  private IngestHarness ingest;

  @BeforeEach
  void start() {
    ingest = new IngestHarness();
    ingest.admit("monitor-1", "patient-1", "bed-1", T0);
  }

  @AfterEach
  void stop() {
    ingest.close();
  }

  @Test
  void samplesAreRescaledToMicrovoltsAroundZeroAndDeviceFieldsAreKept() {
    // gain 200 ADC/mV, baseline 100: ADC 300 is +1 mV, ADC -100 is -1 mV, ADC 100 is 0.
    EcgFrame sent = EcgFrame.newBuilder(frame("monitor-1", 7, T0 + 1_750)).setBaselineAdc(100)
        .setSamples(List.of(lead(300, -100, 100, 101))).build();

    ingest.send(sent);

    EcgFrame out = ingest.framesOut().get(0).value;
    assertThat(Int16Samples.unpack(out.getSamples().get(0))).startsWith((short) 1000, (short) -1000, (short) 0, (short) 5);
    assertThat(out.getGainPerMv()).isEqualTo(1000f);
    assertThat(out.getBaselineAdc()).isZero();
    assertThat(out.getSeq()).isEqualTo(7);
    assertThat(out.getDeviceTimeMillis()).isEqualTo(T0 + 1_750);
    assertThat(out.getSampleRateHz()).isEqualTo(sent.getSampleRateHz());
    assertThat(out.getLeads()).isEqualTo(sent.getLeads());
    assertThat(Int16Samples.toMillivolts(out.getSamples().get(0), out.getGainPerMv(), out.getBaselineAdc()))
        .startsWith(1f, -1f, 0f);
  }

  @Test
  void qualityFlagsLeadOffSaturationAndFlatLinePerLead() {
    List<Lead> leads = List.of(Lead.I, Lead.II, Lead.III, Lead.V1, Lead.V2);
    short[] invalid = new short[125];
    java.util.Arrays.fill(invalid, Int16Samples.INVALID);
    short[] railed = wave();
    railed[10] = Short.MAX_VALUE;
    EcgFrame sent = EcgFrame.newBuilder(frame("monitor-1", 0)).setLeads(leads)
        .setSamples(List.of(Int16Samples.pack(wave()), Int16Samples.pack(invalid), Int16Samples.pack(railed),
            Int16Samples.pack(new short[125]), Int16Samples.pack(wave())))
        .setLeadOff(List.of(false, false, false, false, true))
        .build();

    ingest.send(sent);

    EcgFrame out = ingest.framesOut().get(0).value;
    FrameQuality q = out.getQuality();
    //                               normal  all-invalid railed  constant device-flag
    assertThat(q.getLeadOff()).containsExactly(false, true, false, false, true);
    assertThat(q.getSaturated()).containsExactly(false, false, true, false, false);
    assertThat(q.getFlatLine()).containsExactly(false, false, false, true, false);
    assertThat(q.getGapBeforeMillis()).isZero();
    assertThat(q.getDeviceClockDriftMillis()).isZero();
    assertThat(Int16Samples.unpack(out.getSamples().get(1))).containsOnly(Int16Samples.INVALID);
    assertThat(out.getLeadOff()).as("the device's own flags are kept").containsExactly(false, false, false, false, true);
  }

  @Test
  void deviceClockDriftBeyondTheBoundIsFlaggedWithItsSizeAndSign() {
    // Default bound 5 s. Frame 0 ends at T0 + 250 ms by its device clock.
    ingest.send(frame("monitor-1", 0), T0 + 250 + 5_000); // device 5 s behind: within the bound
    ingest.send(frame("monitor-1", 1), T0 + 500 - 7_000); // device clock 7 s ahead of Kafka's
    ingest.send(frame("monitor-1", 2), T0 + 750 + 60_000); // a minute behind (or delivered a minute late)

    assertThat(ingest.framesOut()).extracting(kv -> kv.value.getQuality().getDeviceClockDriftMillis())
        .containsExactly(0L, 7_000L, -60_000L);
    assertThat(ingest.deadLetters.isEmpty()).as("a drifting clock is flagged, not refused").isTrue();
  }

  @Test
  void invalidSamplesStayInvalid() {
    ingest.send(EcgFrame.newBuilder(frame("monitor-1", 0)).setSamples(List.of(lead(Int16Samples.INVALID, 200))).build());

    EcgFrame out = ingest.framesOut().get(0).value;
    assertThat(Int16Samples.unpack(out.getSamples().get(0))).startsWith(Int16Samples.INVALID, (short) 1000);
  }

  private static java.nio.ByteBuffer lead(int... first) {
    short[] adc = new short[125];
    for (int i = 0; i < first.length; i++) {
      adc[i] = (short) first[i];
    }
    return Int16Samples.pack(adc);
  }

  private static short[] wave() {
    short[] adc = new short[125];
    for (int i = 0; i < adc.length; i++) {
      adc[i] = (short) (200 * Math.sin(i / 10.0));
    }
    return adc;
  }
}
