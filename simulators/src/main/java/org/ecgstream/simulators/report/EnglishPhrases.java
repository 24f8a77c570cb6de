package org.ecgstream.simulators.report;

import java.util.List;
import java.util.Random;
import org.ecgstream.simulators.twelvelead.Finding;
import org.ecgstream.simulators.twelvelead.GroundTruth;

/** English report phrases, lower-case sentences ending in a full stop, as in the English PTB-XL reports. */
final class EnglishPhrases extends PhraseBook {

  @Override
  String rhythm(GroundTruth truth, Random random) {
    int hr = rate(truth);
    return switch (truth.rhythm()) {
      case SINUS_RHYTHM -> pick(random, "sinus rhythm", "sinus rhythm", "sinus rhythm", "normal sinus rhythm",
          "sinus rhythm, rate " + hr + " per minute", "sinus rhythm " + hr + "/min");
      case SINUS_BRADYCARDIA -> hr < 45
          ? pick(random, "marked sinus bradycardia", "sinus bradycardia")
          : pick(random, "sinus bradycardia", "sinus bradycardia", "sinus bradycardia, rate " + hr + "/min");
      case SINUS_TACHYCARDIA -> pick(random, "sinus tachycardia", "sinus tachycardia", "sinus tachycardia, rate " + hr + "/min");
      case SINUS_ARRHYTHMIA -> pick(random, "sinus arrhythmia", "sinus arrhythmia", "sinus rhythm with sinus arrhythmia", "marked sinus arrhythmia");
      case ATRIAL_FIBRILLATION -> hr > 100
          ? pick(random, "atrial fibrillation with rapid ventricular response", "atrial fibrillation, rapid ventricular rate",
              "fast atrial fibrillation", "af with rapid ventricular response")
          : hr < 60
              ? pick(random, "atrial fibrillation with slow ventricular response", "slow atrial fibrillation", "atrial fibrillation")
              : pick(random, "atrial fibrillation", "atrial fibrillation", "atrial fibrillation with controlled ventricular response",
                  "atrial fibrillation, ventricular rate " + hr + " per minute", "af with controlled ventricular rate");
      case ATRIAL_FLUTTER -> truth.flutterConductionRatio() == 0
          ? pick(random, "atrial flutter with variable block", "atrial flutter with variable av conduction", "atrial flutter")
          : pick(random, "atrial flutter with " + truth.flutterConductionRatio() + ":1 block",
              "atrial flutter with " + truth.flutterConductionRatio() + ":1 av conduction",
              "atrial flutter, " + truth.flutterConductionRatio() + ":1 conduction", "atrial flutter");
      case THIRD_DEGREE_AV_BLOCK -> pick(random, "complete heart block", "third degree av block", "complete av block", "3rd degree heart block")
          + (junctionalEscape(truth)
              ? pick(random, " with junctional escape rhythm", " with narrow complex escape rhythm", "")
              : pick(random, " with ventricular escape rhythm", " with idioventricular escape", ""));
      default -> throw new IllegalArgumentException(truth.rhythm() + " is not a rhythm finding");
    };
  }

  @Override
  String statement(Finding finding, GroundTruth truth, Random random) {
    return switch (finding) {
      case PREMATURE_VENTRICULAR_CONTRACTION -> pick(random, "premature ventricular contraction(s)", "premature ventricular contraction(s)",
          "premature ventricular contractions", "ventricular premature complexes", "occasional pvcs", "ventricular ectopic beats");
      case VENTRICULAR_BIGEMINY -> pick(random, "premature ventricular contractions, bigeminy", "ventricular bigeminy",
          "pvcs in a bigeminal pattern", "frequent pvcs, bigeminy");
      case PREMATURE_ATRIAL_CONTRACTION -> pick(random, "premature atrial contraction(s)", "premature atrial contraction(s)",
          "atrial premature complexes", "occasional pacs", "supraventricular ectopic beats");
      case FIRST_DEGREE_AV_BLOCK -> pick(random, "first degree av block", "1st degree av block", "prolonged pr interval",
          "first degree heart block", "prolonged pr interval (first degree av block)");
      case LEFT_BUNDLE_BRANCH_BLOCK -> pick(random, "left bundle branch block", "left bundle branch block",
          "complete left bundle branch block", "lbbb");
      case RIGHT_BUNDLE_BRANCH_BLOCK -> pick(random, "right bundle branch block", "right bundle branch block",
          "complete right bundle branch block", "rbbb");
      case ST_ELEVATION -> pick(random, "st elevation in ", "st segment elevation in ", "st segments are elevated in ") + leads(truth, random)
          + pick(random, "", "", ", consistent with acute injury", ", possible acute infarction");
      case ST_DEPRESSION -> pick(random, "st depression in ", "st segment depression in ", "st segments are depressed in ",
          "non-specific st depression in ") + leads(truth, random)
          + pick(random, "", "", ", possibly ischaemic", ", may be due to ischaemia or lv strain");
      case LEFT_VENTRICULAR_HYPERTROPHY -> pick(random, "left ventricular hypertrophy", "left ventricular hypertrophy", "lvh by voltage criteria",
          "voltages are high suggesting lvh", "left ventricular hypertrophy by voltage");
      case LOW_QRS_VOLTAGE -> pick(random, "low limb lead voltage", "low qrs voltage", "low voltage in limb leads");
      default -> throw new IllegalArgumentException(finding + " has no statement of its own");
    };
  }

  private static String leads(GroundTruth truth, Random random) {
    return switch (territory(truth)) {
      case INFERIOR -> pick(random, "ii, iii, avf", "inferior leads", "ii, iii and avf");
      case ANTERIOR -> pick(random, "v1-4", "v2-v4", "anterior leads", "v1,2,3");
      case LATERAL -> pick(random, "i, avl, v5,6", "lateral leads", "v5-v6", "v4,5,6");
    };
  }

  @Override
  String axis(double degrees, Random random) {
    boolean deviated = degrees < -30 || degrees > 90;
    if (random.nextDouble() < (deviated ? 0.4 : 0.85)) {
      return null;
    }
    if (degrees < -30) {
      return pick(random, "left axis deviation", "left axis deviation", "marked left axis deviation");
    } else if (degrees < 0) {
      return pick(random, "borderline left axis deviation", "leftward axis");
    } else if (degrees <= 90) {
      return pick(random, "normal axis", "normal qrs axis");
    } else if (degrees <= 150) {
      return pick(random, "right axis deviation", "rightward axis");
    }
    return "right superior axis deviation";
  }

  @Override
  String normal(boolean plainSinus, Random random) {
    return plainSinus
        ? pick(random, "normal ecg", "normal ecg", "normal ecg", "no definite pathology", "within normal limits")
        : pick(random, "otherwise normal ecg", "otherwise no definite pathology", "otherwise within normal limits");
  }

  @Override
  String abnormalSummary(Random random) {
    return random.nextDouble() < 0.15 ? "abnormal ecg" : null;
  }

  @Override
  String join(List<String> statements, Random random) {
    return String.join(". ", statements) + ".";
  }
}
