package org.ecgstream.trainer.negatives;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ecgstream.core.testdata.SharedData;
import org.ecgstream.core.text.CsvRows;
import org.ecgstream.core.text.ReportText;
import org.junit.jupiter.api.Test;

class NearestNeighbourNegativeSamplerTest {

  private static List<String> realReports() throws Exception {
    List<String> cleaned = new ArrayList<>();
    for (String report : CsvRows.column(SharedData.folder("ptbxl").resolve("ptbxl_database.csv"), "report")) {
      cleaned.add(ReportText.clean(report));
    }
    return cleaned;
  }

  @Test
  void sameWordsAreFullySimilarAndDisjointWordsNotAtAll() {
    TfIdfReportSpace space = new TfIdfReportSpace(
        List.of("sinusrhythmus normales ekg", "sinusrhythmus normales ekg", "vorhofflimmern"));
    assertThat(space.similarity(0, 1)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(space.similarity(0, 2)).isZero();
  }

  @Test
  void negativesOfRealReportsAreNeverNearNeighboursOrSameText() throws Exception {
    List<String> reports = realReports();
    TfIdfReportSpace space = new TfIdfReportSpace(reports);
    NearestNeighbourNegativeSampler sampler = new NearestNeighbourNegativeSampler(space, 0.5);
    Random random = new Random(7);
    int n = reports.size();
    for (int positive = 0; positive < n; positive += 5) {
      // The positive's 10% nearest neighbours: the reports most likely to be false negatives.
      double[] similarities = new double[n];
      for (int other = 0; other < n; other++) {
        similarities[other] = other == positive ? -1 : space.similarity(positive, other);
      }
      double[] sorted = similarities.clone();
      Arrays.sort(sorted);
      double nearestDecile = sorted[(int) (0.9 * n)];
      for (int draw = 0; draw < 20; draw++) {
        int negative = sampler.negativeFor(positive, random);
        assertThat(negative).isNotEqualTo(positive);
        assertThat(reports.get(negative)).isNotEqualTo(reports.get(positive));
        assertThat(similarities[negative]).isLessThanOrEqualTo(nearestDecile);
      }
    }
  }

  @Test
  void atrialFibrillationReportNeverGetsAnotherAtrialFibrillationReportAsNegative() {
    List<String> reports = List.of(
        "vorhofflimmern mit schneller überleitung",
        "vorhofflimmern linkstyp",
        "absolute arrhythmie bei vorhofflimmern",
        "sinusrhythmus normales ekg",
        "sinusrhythmus linkstyp sonst normales ekg",
        "sinusbradykardie sonst normales ekg");
    NearestNeighbourNegativeSampler sampler =
        new NearestNeighbourNegativeSampler(new TfIdfReportSpace(reports), 0.5);
    for (int eligible : sampler.eligibleNegatives(0)) {
      assertThat(reports.get(eligible)).doesNotContain("vorhofflimmern");
    }
  }
}
