package org.ecgstream.simulators.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.ecgstream.core.rhythm.PatientRhythm;
import org.ecgstream.core.rhythm.RhythmSettings;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.core.testdata.RecordedRhythmEvents;
import org.ecgstream.core.testdata.RecordedRhythmEvents.Event;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.simulators.scenario.WardScenario;
import org.junit.jupiter.api.Test;

/**
 * The VT bed of {@code scenarios/icu-events.json} at the seed with which {@code ./ecg score-alarms
 * --seed 2} raised a false VF alarm during the VT, streamed frame by frame through the rhythm
 * analysis as the alarm job runs it (twelve leads, rhythm lead II). Ground truth from the
 * scenario: sinus 75 bpm, VT 170 bpm from 2 min to 2 min 45 s, then sinus 85 bpm.
 */
class IcuEventsVentricularTachycardiaTest {

  /** score-alarms seeds bed {@code i} of a scenario with {@code seed + i}; bed-04 is the fourth. */
  private static final long SCORE_ALARMS_SEED = 2;
  private static final int VT_BED = 3;
  private static final int FRAME_MILLIS = 250;

  @Test
  void scriptedVentricularTachycardiaIsAlarmedAsVtAndNeverAsVf() throws Exception {
    WardScenario scenario = WardScenario.read(Path.of("scenarios/icu-events.json"));
    BedScript script = scenario.beds().get(VT_BED);
    assertThat(script.bedId()).isEqualTo("bed-04");
    int fs = scenario.sampleRateHz();
    SimulatedBed bed = new SimulatedBed(script, StandardLeads.TWELVE, fs, FRAME_MILLIS, 0, SCORE_ALARMS_SEED + VT_BED);
    int leads = StandardLeads.TWELVE.size();
    PatientRhythm rhythm = new PatientRhythm(fs, leads, StandardLeads.TWELVE.indexOf(StandardLeads.RHYTHM_LEAD),
        RhythmSettings.defaults());
    RecordedRhythmEvents listener = new RecordedRhythmEvents(fs);

    // Up to 10 s after the VT ends: the VT, its onset and its end.
    for (int frame = 0; frame < 175 * 1000 / FRAME_MILLIS; frame++) {
      EcgFrame f = bed.nextFrame();
      float[][] mv = new float[leads][];
      for (int l = 0; l < leads; l++) {
        mv[l] = Int16Samples.toMillivolts(f.getSamples().get(l), f.getGainPerMv(), f.getBaselineAdc());
      }
      rhythm.accept(mv, listener);
    }

    List<Event> events = listener.events();
    assertThat(events).noneMatch(e -> e.kind().equals("vf"));
    assertThat(events).filteredOn(e -> e.kind().equals("vt")).first()
        .satisfies(e -> assertThat(e.seconds()).isBetween(120.0, 124.0));
  }
}
