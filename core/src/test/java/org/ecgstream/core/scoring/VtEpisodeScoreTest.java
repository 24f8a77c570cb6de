package org.ecgstream.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecgstream.core.rhythm.RhythmSettings;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.core.wfdb.AnnotationReader;
import org.junit.jupiter.api.Test;

/** Episode scoring of the VT detector against MIT-BIH rhythm annotations. */
class VtEpisodeScoreTest {

  @Test
  void mitBihHoldsSixtyOneAnnotatedVtEpisodesOfAtLeastThreeBeats() throws Exception {
    Path mitdb = SharedData.folder("mitdb");
    int episodes = 0;
    for (String name : Files.readAllLines(mitdb.resolve("RECORDS")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList()) {
      List<double[]> vt = VtEpisodeScore.annotatedVt(AnnotationReader.read(mitdb, name, "atr"), 650_000, 360);
      assertThat(vt).allMatch(ep -> ep[2] >= 3 && ep[1] > ep[0]);
      episodes += vt.size();
    }
    assertThat(episodes).isEqualTo(61);
  }

  @Test
  void record205HasItsFastVtEpisodesDetectedWithoutFalseAlarms() throws Exception {
    VtEpisodeScore.Result result = VtEpisodeScore.score(SharedData.folder("mitdb"), RhythmSettings.defaults(),
        name -> name.equals("205"), r -> {});

    VtEpisodeScore.RecordResult r = result.records().get(0);
    assertThat(r.episodes()).hasSize(6);
    // One of the six (at 1465.8 s) is annotated at 90 bpm: below the rate limit, so not VT here.
    assertThat(r.episodes()).filteredOn(e -> e.annotatedRateBpm() <= 100).hasSize(1);
    assertThat(r.detected()).isEqualTo(5);
    assertThat(r.falseAlarms()).isZero();
    assertThat(r.episodes()).filteredOn(VtEpisodeScore.Episode::detected).allMatch(e -> e.delaySeconds() < 10);
    assertThat(r.ventricularBeats().sensitivity()).isGreaterThan(0.7);
    assertThat(r.ventricularBeats().positivePredictivity()).isGreaterThan(0.9);
  }
}
