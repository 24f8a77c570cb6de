package org.ecgstream.simulators.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.schemas.BeatAnnotation;
import org.ecgstream.schemas.BeatClass;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.EcgTruth;
import org.ecgstream.schemas.TruthEvent;
import org.ecgstream.simulators.artifacts.ArtifactEpisode;
import org.ecgstream.simulators.artifacts.ArtifactKind;
import org.ecgstream.simulators.fleet.BedScript.LeadOff;
import org.ecgstream.simulators.fleet.BedScript.LeadOffSignal;
import org.ecgstream.simulators.fleet.BedScript.Pause;
import org.ecgstream.simulators.fleet.BedScript.RateChange;
import org.ecgstream.simulators.synthetic.Rhythm;
import org.junit.jupiter.api.Test;

/** A twelve-lead bed as a device sends it: flags, rails, clock, artifacts, and the truth that goes with each frame. */
class TwelveLeadBedTest {

  private static final long START = 1_800_000_000_000L;

  private static BedScript bed(List<RateChange> changes, List<LeadOff> leadOffs, List<Pause> pauses, List<ArtifactEpisode> artifacts,
      double driftPpm) {
    return new BedScript("dev-1", "pat-1", "bed-1", changes, leadOffs, 0.01, null, pauses, artifacts, SignalModel.TWELVE_LEAD, driftPpm);
  }

  private static List<SimulatedBed.Tick> run(BedScript script, int rateHz, int seconds) {
    SimulatedBed bed = new SimulatedBed(script, StandardLeads.TWELVE, rateHz, 250, START, 3);
    List<SimulatedBed.Tick> ticks = new ArrayList<>();
    for (int i = 0; i < seconds * 4; i++) {
      ticks.add(bed.tick());
    }
    return ticks;
  }

  private static short[] lead(EcgFrame frame, int index) {
    return Int16Samples.unpack(frame.getSamples().get(index));
  }

  @Test
  void leadOffSetsTheDeviceFlagOnEveryLeadWithAFlatOrRailedSignal() {
    BedScript script = bed(List.of(new RateChange(0, 70)),
        List.of(new LeadOff(2_000, 3_000, LeadOffSignal.FLAT), new LeadOff(5_000, 6_000, LeadOffSignal.RAILED)), List.of(), List.of(), 0);
    List<SimulatedBed.Tick> ticks = run(script, 500, 8);

    for (SimulatedBed.Tick t : ticks) {
      EcgFrame f = t.frame();
      long at = f.getSeq() * 250;
      boolean flat = at >= 2_000 && at < 3_000;
      boolean railed = at >= 5_000 && at < 6_000;
      assertThat(f.getLeadOff()).as("frame %d", f.getSeq()).hasSize(12).containsOnly(flat || railed);
      for (int lead = 0; lead < 12; lead++) {
        short[] samples = lead(f, lead);
        if (flat) {
          assertThat(samples).containsOnly((short) 0);
        } else if (railed) {
          assertThat(samples).containsOnly(Short.MAX_VALUE);
        } else {
          assertThat(samples).doesNotContain(Short.MAX_VALUE);
        }
      }
    }
    assertThat(ticks.stream().flatMap(t -> t.truth().getEvents().stream()).filter(e -> e.getKind().equals("LEAD_OFF")))
        .extracting(TruthEvent::getDetail, TruthEvent::getOnsetSample, TruthEvent::getOffsetSample)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("flat", 1_000L, 1_500L), org.assertj.core.groups.Tuple.tuple("railed", 2_500L, 3_000L));
  }

  @Test
  void eachFramesTruthHoldsTheRPeaksDrawnInItAndTheEventsStartingInIt() {
    BedScript script = bed(List.of(new RateChange(0, 60), new RateChange(10_000, 150, Rhythm.VENTRICULAR_TACHYCARDIA)),
        List.of(), List.of(new Pause(4_000, 6_500)), List.of(), 0);
    List<SimulatedBed.Tick> ticks = run(script, 360, 20);

    List<BeatAnnotation> beats = new ArrayList<>();
    for (SimulatedBed.Tick t : ticks) {
      EcgTruth truth = t.truth();
      assertThat(truth.getFrameSeq()).isEqualTo(t.frame().getSeq());
      assertThat(truth.getFrameStartSample()).isEqualTo(t.frame().getSeq() * 90);
      assertThat(truth.getBeats()).allSatisfy(b -> assertThat(b.getRPeakSample())
          .isBetween(truth.getFrameStartSample(), truth.getFrameStartSample() + 89));
      beats.addAll(truth.getBeats());
    }
    assertThat(beats).extracting(BeatAnnotation::getRPeakSample).isSorted();
    // 60 bpm for 10 s less a 2.5 s pause, then VT at 150 bpm for 10 s.
    long sinus = beats.stream().filter(b -> b.getBeatClass() == BeatClass.NORMAL).count();
    long vt = beats.stream().filter(b -> b.getBeatClass() == BeatClass.VENTRICULAR).count();
    assertThat(sinus).isBetween(7L, 9L);
    assertThat(vt).isBetween(23L, 26L);
    assertThat(beats).noneMatch(b -> b.getRPeakSample() > 4.4 * 360 && b.getRPeakSample() < 6.5 * 360);

    List<TruthEvent> events = ticks.stream().flatMap(t -> t.truth().getEvents().stream()).toList();
    assertThat(events).extracting(TruthEvent::getKind, TruthEvent::getOnsetMillis, TruthEvent::getOffsetMillis).containsExactly(
        org.assertj.core.groups.Tuple.tuple("SINUS", START, START + 10_000),
        org.assertj.core.groups.Tuple.tuple("PAUSE", START + 4_000, START + 6_500),
        org.assertj.core.groups.Tuple.tuple("VENTRICULAR_TACHYCARDIA", START + 10_000, null));
    // Each event travels with the frame in which it begins.
    assertThat(ticks.get(40).truth().getEvents()).extracting(TruthEvent::getKind).containsExactly("VENTRICULAR_TACHYCARDIA");
  }

  @Test
  void theDeviceClockDriftsAtTheScriptedRateWhileTheTruthKeepsTrueTime() {
    BedScript script = bed(List.of(new RateChange(0, 70)), List.of(), List.of(), List.of(), 500);
    SimulatedBed bed = new SimulatedBed(script, StandardLeads.TWELVE, 250, 250, START, 1);
    EcgFrame last = null;
    for (int i = 0; i <= 400; i++) {
      last = bed.nextFrame();
    }
    // 100 s of true time at +500 ppm: the device says 100.05 s.
    assertThat(last.getDeviceTimeMillis() - START).isEqualTo(100_050);
  }

  @Test
  void scriptedMainsInterferenceIsThereDuringItsEpisodeOnly() {
    BedScript script = bed(List.of(new RateChange(0, 70)), List.of(), List.of(),
        List.of(new ArtifactEpisode(ArtifactKind.MAINS, 5_000, 10_000, 0.2, 50)), 0);
    List<SimulatedBed.Tick> ticks = run(script, 500, 15);
    // 50 Hz amplitude in lead I per second, by correlation with a 50 Hz sine and cosine.
    double[] amplitude = new double[15];
    for (int second = 0; second < 15; second++) {
      double s = 0;
      double c = 0;
      for (int f = 0; f < 4; f++) {
        short[] x = lead(ticks.get(second * 4 + f).frame(), 0);
        for (int i = 0; i < x.length; i++) {
          double t = (f * 125 + i) / 500.0;
          s += x[i] / SimulatedBed.GAIN_PER_MV * Math.sin(2 * Math.PI * 50 * t);
          c += x[i] / SimulatedBed.GAIN_PER_MV * Math.cos(2 * Math.PI * 50 * t);
        }
      }
      amplitude[second] = 2 * Math.hypot(s, c) / 500;
    }
    for (int second = 0; second < 15; second++) {
      if (second >= 6 && second < 9) {
        assertThat(amplitude[second]).as("second %d", second).isGreaterThan(0.03);
      } else if (second < 4 || second > 10) {
        assertThat(amplitude[second]).as("second %d", second).isLessThan(0.01);
      }
    }
  }

  @Test
  void framesAreInt16AtTheStatedGainAndTheLimbLeadsStillObeyEinthoven() {
    BedScript script = bed(List.of(new RateChange(0, 80)), List.of(), List.of(),
        List.of(new ArtifactEpisode(ArtifactKind.MUSCLE_NOISE, 1_000, 3_000, 0.1, 0)), 0);
    for (int rate : new int[] {250, 360, 500, 1000}) {
      for (SimulatedBed.Tick t : run(script, rate, 4)) {
        EcgFrame f = t.frame();
        assertThat(f.getGainPerMv()).isEqualTo(SimulatedBed.GAIN_PER_MV);
        assertThat(f.getSampleRateHz()).isEqualTo(rate);
        short[] i = lead(f, 0);
        short[] ii = lead(f, 1);
        short[] iii = lead(f, 2);
        assertThat(i.length).isBetween(rate / 4, (rate + 3) / 4);
        for (int k = 0; k < i.length; k++) {
          assertThat((double) iii[k]).isCloseTo(ii[k] - i[k], within(1.0)); // rounding of each lead to whole counts
        }
      }
    }
  }

  @Test
  void beatTrainBedsCarryTheirRPeaksInTheFrameThatDrewThem() {
    SimulatedBed bed = new SimulatedBed(BedScript.steady("d", "p", "b", 97), StandardLeads.TWELVE, 360, 250, START, 5);
    int beats = 0;
    for (int i = 0; i < 240; i++) {
      EcgTruth truth = bed.tick().truth();
      // The beat train reports an R peak at the first sample at or after it, with the nearest sample's
      // index: that can be the previous frame's last sample.
      assertThat(truth.getBeats()).allSatisfy(b -> assertThat(b.getRPeakSample())
          .isBetween(truth.getFrameStartSample() - 1, truth.getFrameStartSample() + 89));
      beats += truth.getBeats().size();
    }
    assertThat(beats).isBetween(95, 98); // 60 s at 97 bpm
  }
}
