package org.ecgstream.core.rhythm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ecgstream.core.scoring.QrsDatabaseScore;
import org.ecgstream.core.testdata.RecordedRhythmEvents.Event;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.core.testdata.StreamedRhythm;
import org.ecgstream.core.wfdb.Annotation;
import org.ecgstream.core.wfdb.AnnotationReader;
import org.ecgstream.core.wfdb.WfdbRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The VT detector on MIT-BIH and CUDB, both leads streamed in 250 ms blocks, MLII as rhythm lead. */
class VentricularTachycardiaRecordsTest {

  private static final double TOLERANCE_SECONDS = 1.0;

  @ParameterizedTest(name = "mitdb/{0}")
  @ValueSource(strings = {"203", "205", "213", "214"})
  void annotatedVtRunsRaiseVtDuringTheirEpisodes(String name) throws Exception {
    Path mitdb = SharedData.folder("mitdb");
    List<double[]> episodes = vtEpisodes(mitdb, name);
    assertThat(episodes).isNotEmpty();

    List<Event> vt = run(mitdb, name).stream().filter(e -> e.kind().equals("vt")).toList();

    assertThat(vt).as("VT alarms in an annotated (VT episode of %s", name).anyMatch(e -> episodes.stream()
        .anyMatch(ep -> e.seconds() >= ep[0] - TOLERANCE_SECONDS && e.seconds() <= ep[1] + TOLERANCE_SECONDS));
    assertThat(vt).allMatch(e -> e.value() >= RhythmSettings.defaults().vtMinBeats());
  }

  @ParameterizedTest(name = "mitdb/{0}")
  @ValueSource(strings = {"100", "103", "117"})
  void normalRhythmRaisesNoVt(String name) throws Exception {
    assertThat(run(SharedData.folder("mitdb"), name)).noneMatch(e -> e.kind().startsWith("vt"));
  }

  @Test
  void vtIsNeverOnWhileVfIs() throws Exception {
    // 205 has VT runs that the VF detector also (falsely) calls VF, 207 ventricular flutter, cu01 VF.
    List<List<Event>> runs = new ArrayList<>();
    runs.add(run(SharedData.folder("mitdb"), "205"));
    runs.add(run(SharedData.folder("mitdb"), "207"));
    runs.add(StreamedRhythm.run(WfdbRecord.read(SharedData.folder("cudb"), "cu01"), new int[] {0}, 0));
    boolean anyVf = false;
    for (List<Event> events : runs) {
      boolean vf = false;
      boolean vt = false;
      for (Event e : events) {
        switch (e.kind()) {
          case "vf" -> vf = true;
          case "vf-ended" -> vf = false;
          case "vt" -> vt = true;
          case "vt-ended" -> vt = false;
          default -> { }
        }
        anyVf |= vf;
        assertThat(vf && vt).as("VT and VF both on at %.2f s", e.seconds()).isFalse();
      }
    }
    assertThat(anyVf).isTrue();
  }

  private static List<Event> run(Path mitdb, String name) throws Exception {
    WfdbRecord record = WfdbRecord.read(mitdb, name);
    return StreamedRhythm.run(record, new int[] {0, 1}, QrsDatabaseScore.scoredSignal(record));
  }

  /** (VT episodes as [onset, end] seconds: from the (VT rhythm annotation to the next rhythm annotation. */
  private static List<double[]> vtEpisodes(Path mitdb, String name) throws Exception {
    List<double[]> out = new ArrayList<>();
    double onset = -1;
    for (Annotation a : AnnotationReader.read(mitdb, name, "atr")) {
      String rhythm = a.rhythm();
      if (rhythm == null) {
        continue;
      }
      if (onset >= 0) {
        out.add(new double[] {onset, a.sample() / 360.0});
        onset = -1;
      }
      if (rhythm.equals("VT")) {
        onset = a.sample() / 360.0;
      }
    }
    return out;
  }
}
