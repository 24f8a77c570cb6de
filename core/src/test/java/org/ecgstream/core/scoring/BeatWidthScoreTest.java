package org.ecgstream.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ecgstream.core.rhythm.RhythmSettings;
import org.ecgstream.core.testdata.SharedData;
import org.junit.jupiter.api.Test;

/** The QRS width estimate against the MIT-BIH reference labels: V beats against N beats, all 48 records. */
class BeatWidthScoreTest {

  @Test
  void widthSeparatesVentricularFromNormalBeatsOfMitBih() throws Exception {
    List<BeatWidthScore.Separation> result =
        BeatWidthScore.score(SharedData.folder("mitdb"), RhythmSettings.defaults().wideQrsMillis(), name -> true);

    BeatWidthScore.Separation rhythmLead = result.get(0);
    BeatWidthScore.Separation fused = result.get(1);
    // MIT-BIH holds 7,130 V and 75,052 N beats; a few near the record ends have no complete window.
    assertThat(rhythmLead.ventricular()).isGreaterThan(7_000);
    assertThat(rhythmLead.normal()).isGreaterThan(74_000);
    // Measured 0.976 (MLII) and 0.970 (smallest of the two leads); docs/benchmarks.md.
    assertThat(rhythmLead.auc()).isGreaterThan(0.96);
    assertThat(fused.auc()).isGreaterThan(0.96);
    assertThat(fused.medianVentricularMillis()).isGreaterThan(2 * fused.medianNormalMillis());
  }
}
