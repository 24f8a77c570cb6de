package org.ecgstream.simulators.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.ecgstream.simulators.artifacts.ArtifactEpisode;
import org.ecgstream.simulators.artifacts.ArtifactKind;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.SignalModel;
import org.ecgstream.simulators.fleet.TransportFaults;
import org.ecgstream.simulators.synthetic.Conduction;
import org.ecgstream.simulators.synthetic.Ectopy;
import org.ecgstream.simulators.synthetic.Rhythm;
import org.junit.jupiter.api.Test;

/** The documented scenario files read as their README says, and mistakes are refused with where and what to do. */
class WardScenarioTest {

  @Test
  void theTwelveLeadExampleScriptsEveryKindOfEvent() throws Exception {
    WardScenario s = WardScenario.read(Path.of("scenarios/twelve-lead-events.json"));

    assertThat(s.generator()).isEqualTo(SignalModel.TWELVE_LEAD);
    assertThat(s.beds()).allMatch(b -> b.model() == SignalModel.TWELVE_LEAD);
    BedScript bed3 = s.beds().get(2);
    assertThat(bed3.changeAt(60_000).ectopy()).isEqualTo(Ectopy.PVC);
    assertThat(bed3.changeAt(60_000).pvcPerMinute()).isEqualTo(8);
    assertThat(bed3.changeAt(150_000).ectopy()).isEqualTo(Ectopy.BIGEMINY);
    assertThat(bed3.changeAt(250_000).rhythm()).isEqualTo(Rhythm.VENTRICULAR_TACHYCARDIA);
    BedScript bed5 = s.beds().get(4);
    assertThat(bed5.pauses()).containsExactly(new BedScript.Pause(60_000, 63_000));
    assertThat(bed5.changeAt(150_000).prMillis()).isEqualTo(280);
    assertThat(bed5.changeAt(200_000).rhythm()).isEqualTo(Rhythm.THIRD_DEGREE_AV_BLOCK);
    assertThat(s.beds().get(5).changeAt(200_000).conduction()).isEqualTo(Conduction.RIGHT_BUNDLE_BRANCH_BLOCK);
    BedScript bed7 = s.beds().get(6);
    assertThat(bed7.artifacts()).extracting(ArtifactEpisode::kind).containsExactly(ArtifactKind.MUSCLE_NOISE, ArtifactKind.MAINS,
        ArtifactKind.ELECTRODE_MOTION, ArtifactKind.BASELINE_WANDER);
    assertThat(bed7.leadOffs()).singleElement().extracting(BedScript.LeadOff::signal).isEqualTo(BedScript.LeadOffSignal.RAILED);
  }

  @Test
  void theTransportFaultExampleSetsRatesAndClockDrift() throws Exception {
    WardScenario s = WardScenario.read(Path.of("scenarios/transport-faults.json"));

    assertThat(s.transportFaults()).isEqualTo(new TransportFaults(0.01, 0.01, 0.01, 0.005, 0.005, 3_000, 7));
    assertThat(s.beds()).extracting(BedScript::clockDriftPpm).containsExactly(0.0, 500.0, -200.0, 0.0);
    assertThat(s.generator()).isEqualTo(SignalModel.BEAT_TRAIN);
  }

  @Test
  void theExistingScenariosStillReadAsBeatTrainWardsWithoutFaults() throws Exception {
    for (String name : new String[] {"icu-events", "quiet-ward"}) {
      WardScenario s = WardScenario.read(Path.of("scenarios/" + name + ".json"));
      assertThat(s.generator()).isEqualTo(SignalModel.BEAT_TRAIN);
      assertThat(s.transportFaults()).isEqualTo(TransportFaults.NONE);
    }
  }

  @Test
  void twelveLeadOnlyEventsInABeatTrainScenarioSayWhichKeyToSet() {
    assertThatThrownBy(() -> parse("""
        {"name": "x", "duration": "1m", "beds": [{"bed": "b1", "timeline": [
          {"at": "0s", "rhythm": "SINUS", "bpm": 70}, {"at": "10s", "rhythm": "ATRIAL_FLUTTER", "bpm": 150}]}]}"""))
        .hasMessageContaining("bed b1").hasMessageContaining("ATRIAL_FLUTTER").hasMessageContaining("\"generator\": \"twelve-lead\"");
    assertThatThrownBy(() -> parse("""
        {"name": "x", "duration": "1m", "beds": [{"bed": "b1", "timeline": [
          {"at": "0s", "rhythm": "SINUS", "bpm": 70}, {"at": "10s", "pause": "2s"}]}]}"""))
        .hasMessageContaining("pause").hasMessageContaining("twelve-lead");
  }

  @Test
  void mistakesAreRefusedWithTheEntryAndTheKnownValues() {
    assertThatThrownBy(() -> parse("""
        {"name": "x", "duration": "1m", "generator": "twelve-lead", "beds": [{"bed": "b1", "timeline": [
          {"at": "0s", "rhythm": "SINUS", "bpm": 70, "ectopi": "PVC"}]}]}"""))
        .hasMessageContaining("unknown field 'ectopi'").hasMessageContaining("ectopy");
    assertThatThrownBy(() -> parse("""
        {"name": "x", "duration": "1m", "generator": "twelve-lead", "beds": [{"bed": "b1", "timeline": [
          {"at": "0s", "rhythm": "SINUS", "bpm": 70}, {"at": "5s", "artifact": "sparks", "for": "2s"}]}]}"""))
        .hasMessageContaining("at 5s").hasMessageContaining("muscle, mains, motion, wander");
    assertThatThrownBy(() -> parse("""
        {"name": "x", "duration": "1m", "generator": "twelve-lead", "beds": [{"bed": "b1", "timeline": [
          {"at": "0s", "rhythm": "SINUS", "bpm": 70}, {"at": "5s", "artifact": "mains", "for": "2s", "mainsHz": 55}]}]}"""))
        .hasMessageContaining("50 or 60");
    assertThatThrownBy(() -> parse("""
        {"name": "x", "duration": "1m", "transportFaults": {"drop": 0.6, "duplicate": 0.6}, "beds": [{"bed": "b1", "timeline": [
          {"at": "0s", "bpm": 70}]}]}"""))
        .hasMessageContaining("transportFaults").hasMessageContaining("more than 1");
    assertThatThrownBy(() -> parse("""
        {"name": "x", "duration": "1m", "generator": "holter", "beds": [{"bed": "b1", "timeline": [{"at": "0s", "bpm": 70}]}]}"""))
        .hasMessageContaining("beat-train").hasMessageContaining("twelve-lead");
  }

  private static WardScenario parse(String json) throws Exception {
    return WardScenario.parse(new ObjectMapper().readTree(json));
  }
}
