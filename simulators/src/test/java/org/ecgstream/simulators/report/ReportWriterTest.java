package org.ecgstream.simulators.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.ecgstream.simulators.twelvelead.Artifacts;
import org.ecgstream.simulators.twelvelead.Finding;
import org.ecgstream.simulators.twelvelead.GroundTruth;
import org.ecgstream.simulators.twelvelead.Scenario;
import org.ecgstream.simulators.twelvelead.TwelveLeadSimulator;
import org.junit.jupiter.api.Test;

class ReportWriterTest {

  /** What a reader accepts as a mention of each finding, in German. */
  private static final Map<Finding, Pattern> GERMAN = patterns(
      Finding.SINUS_RHYTHM, "sinusrhythmus|\\bsr\\b",
      Finding.SINUS_BRADYCARDIA, "sinusbradykardie|bradykarder sinusrhythmus",
      Finding.SINUS_TACHYCARDIA, "sinustachykardie|tachykarder sinusrhythmus",
      Finding.SINUS_ARRHYTHMIA, "sinus ?arrhythmie",
      Finding.ATRIAL_FIBRILLATION, "vorhofflimmern|\\bvhf\\b",
      Finding.ATRIAL_FLUTTER, "vorhofflattern",
      Finding.THIRD_DEGREE_AV_BLOCK, "av-block (iii|3)|totaler av-block|kompletter av-block",
      Finding.PREMATURE_VENTRICULAR_CONTRACTION, "(?<!supra)ventrikul|ventr\\.|\\bves\\b",
      Finding.VENTRICULAR_BIGEMINY, "bigemin",
      Finding.PREMATURE_ATRIAL_CONTRACTION, "supraventrikul|\\bsves\\b",
      Finding.FIRST_DEGREE_AV_BLOCK, "(av-block|a-v block) (i\\b|1\\.)|pq",
      Finding.LEFT_BUNDLE_BRANCH_BLOCK, "linksschenkelblock|\\blsb\\b",
      Finding.RIGHT_BUNDLE_BRANCH_BLOCK, "rechtsschenkelblock|\\brsb\\b",
      Finding.ST_ELEVATION, "st-(strecken)?hebung|st-elevation",
      Finding.ST_DEPRESSION, "st-(strecken)?senkung",
      Finding.LEFT_VENTRICULAR_HYPERTROPHY, "linkshypertrophie|linksherzhypertrophie|linksventrikul\\S* hypertrophie|\\blvh\\b",
      Finding.LOW_QRS_VOLTAGE, "niederspannung|low voltage|niedervoltage",
      Finding.NORMAL_ECG, "normal|normbereich");

  /** What a reader accepts as a mention of each finding, in English. */
  private static final Map<Finding, Pattern> ENGLISH = patterns(
      Finding.SINUS_RHYTHM, "sinus rhythm",
      Finding.SINUS_BRADYCARDIA, "sinus bradycardia",
      Finding.SINUS_TACHYCARDIA, "sinus tachycardia",
      Finding.SINUS_ARRHYTHMIA, "sinus arrhythmia",
      Finding.ATRIAL_FIBRILLATION, "atrial fibrillation|\\baf\\b",
      Finding.ATRIAL_FLUTTER, "atrial flutter",
      Finding.THIRD_DEGREE_AV_BLOCK, "complete (heart|av) block|third degree|3rd degree",
      Finding.PREMATURE_VENTRICULAR_CONTRACTION, "premature ventricular|ventricular premature|ventricular ectopic|\\bpvcs?\\b",
      Finding.VENTRICULAR_BIGEMINY, "bigemin",
      Finding.PREMATURE_ATRIAL_CONTRACTION, "premature atrial|atrial premature|\\bpacs\\b|supraventricular ectopic",
      Finding.FIRST_DEGREE_AV_BLOCK, "first degree|1st degree|prolonged pr",
      Finding.LEFT_BUNDLE_BRANCH_BLOCK, "left bundle branch block|\\blbbb\\b",
      Finding.RIGHT_BUNDLE_BRANCH_BLOCK, "right bundle branch block|\\brbbb\\b",
      Finding.ST_ELEVATION, "st (segment )?elevation|st segments are elevated",
      Finding.ST_DEPRESSION, "st (segment )?depression|st segments are depressed",
      Finding.LEFT_VENTRICULAR_HYPERTROPHY, "left ventricular hypertrophy|\\blvh\\b",
      Finding.LOW_QRS_VOLTAGE, "low.{0,12}voltage",
      Finding.NORMAL_ECG, "normal ecg|no definite pathology|within normal limits");

  private static Map<Finding, Pattern> patterns(Object... pairs) {
    Map<Finding, Pattern> map = new EnumMap<>(Finding.class);
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((Finding) pairs[i], Pattern.compile((String) pairs[i + 1]));
    }
    return map;
  }

  private static GroundTruth truthOf(Scenario scenario, long seed) {
    return new TwelveLeadSimulator(100, seed).simulate(scenario.withArtifacts(Artifacts.NONE), 10).truth();
  }

  /** A scenario with the finding: the rhythm alone, or sinus rhythm with it. */
  private static Scenario scenarioWith(Finding finding) {
    return finding.isRhythm() ? Scenario.of(finding) : Scenario.of(Finding.SINUS_RHYTHM, finding);
  }

  @Test
  void everyFindingIsMentionedInBothLanguages() {
    assertThat(GERMAN.keySet()).containsExactlyInAnyOrder(Finding.values());
    assertThat(ENGLISH.keySet()).containsExactlyInAnyOrder(Finding.values());
    ReportWriter writer = new ReportWriter(31);
    for (Finding finding : Finding.values()) {
      for (int seed = 0; seed < 3; seed++) {
        GroundTruth truth = truthOf(scenarioWith(finding), seed);
        for (int i = 0; i < 30; i++) {
          assertThat(writer.write(truth, ReportLanguage.GERMAN)).as("German report of %s", finding).containsPattern(GERMAN.get(finding));
          assertThat(writer.write(truth, ReportLanguage.ENGLISH)).as("English report of %s", finding).containsPattern(ENGLISH.get(finding));
        }
      }
    }
  }

  @Test
  void everyFindingOfACombinedScenarioIsMentioned() {
    Scenario scenario = Scenario.of(Finding.ATRIAL_FIBRILLATION, Finding.PREMATURE_VENTRICULAR_CONTRACTION,
        Finding.LEFT_BUNDLE_BRANCH_BLOCK, Finding.LEFT_VENTRICULAR_HYPERTROPHY);
    GroundTruth truth = truthOf(scenario, 32);
    ReportWriter writer = new ReportWriter(32);
    for (int i = 0; i < 50; i++) {
      String de = writer.write(truth, ReportLanguage.GERMAN);
      String en = writer.write(truth, ReportLanguage.ENGLISH);
      for (Finding f : scenario.findings()) {
        assertThat(de).containsPattern(GERMAN.get(f));
        assertThat(en).containsPattern(ENGLISH.get(f));
      }
    }
  }

  @Test
  void reportsDoNotMentionTheOtherRhythm() {
    GroundTruth sinus = truthOf(Scenario.of(Finding.SINUS_RHYTHM, Finding.NORMAL_ECG), 33);
    GroundTruth af = truthOf(Scenario.of(Finding.ATRIAL_FIBRILLATION), 33);
    ReportWriter writer = new ReportWriter(33);
    for (int i = 0; i < 100; i++) {
      assertThat(writer.write(sinus)).doesNotContainPattern("vorhofflimmern|atrial fibrillation|flatter|flutter");
      assertThat(writer.write(af)).doesNotContainPattern("sinus|\\bnormal ecg|\\bnormales ekg");
    }
  }

  @Test
  void atrialFibrillationReportsVaryInWording() {
    ReportWriter writer = new ReportWriter(34);
    Set<String> german = new HashSet<>();
    Set<String> english = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      GroundTruth truth = truthOf(Scenario.of(Finding.ATRIAL_FIBRILLATION), i % 10);
      german.add(writer.write(truth, ReportLanguage.GERMAN));
      english.add(writer.write(truth, ReportLanguage.ENGLISH));
    }
    assertThat(german).hasSizeGreaterThanOrEqualTo(5);
    assertThat(english).hasSizeGreaterThanOrEqualTo(5);
  }

  @Test
  void secondaryFindingsComeInVaryingOrder() {
    GroundTruth truth = truthOf(Scenario.of(Finding.SINUS_RHYTHM, Finding.RIGHT_BUNDLE_BRANCH_BLOCK, Finding.LEFT_VENTRICULAR_HYPERTROPHY), 35);
    ReportWriter writer = new ReportWriter(35);
    Set<Boolean> rbbbFirst = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String en = writer.write(truth, ReportLanguage.ENGLISH);
      var rbbb = ENGLISH.get(Finding.RIGHT_BUNDLE_BRANCH_BLOCK).matcher(en);
      var lvh = ENGLISH.get(Finding.LEFT_VENTRICULAR_HYPERTROPHY).matcher(en);
      assertThat(rbbb.find() && lvh.find()).isTrue();
      rbbbFirst.add(rbbb.start() < lvh.start());
    }
    assertThat(rbbbFirst).containsExactlyInAnyOrder(true, false);
  }

  @Test
  void reportsAreLowerCaseApartFromPtbXlStyleUmlautsAndMostlyGerman() {
    ReportWriter writer = new ReportWriter(36);
    GroundTruth truth = truthOf(Scenario.of(Finding.SINUS_RHYTHM, Finding.PREMATURE_VENTRICULAR_CONTRACTION), 36);
    int german = 0;
    for (int i = 0; i < 500; i++) {
      String report = writer.write(truth);
      assertThat(report.replaceAll("[ÄÖÜ]", "")).isEqualTo(report.replaceAll("[ÄÖÜ]", "").toLowerCase(Locale.ROOT));
      german += report.contains("sinus rhythm") ? 0 : 1;
    }
    assertThat(german / 500.0).isBetween(0.6, 0.8);
  }

  @Test
  void theSameSeedWritesTheSameReports() {
    GroundTruth truth = truthOf(Scenario.of(Finding.ATRIAL_FLUTTER, Finding.ST_DEPRESSION), 37);
    ReportWriter a = new ReportWriter(37);
    ReportWriter b = new ReportWriter(37);
    for (int i = 0; i < 50; i++) {
      assertThat(a.write(truth)).isEqualTo(b.write(truth));
    }
  }
}
