package org.ecgstream.simulators.report;

import java.util.List;
import java.util.Random;
import org.ecgstream.simulators.twelvelead.Finding;
import org.ecgstream.simulators.twelvelead.GroundTruth;

/** German report phrases in the terse, lower-case style of the PTB-XL reports (Wagner et al. 2020). */
final class GermanPhrases extends PhraseBook {

  @Override
  String rhythm(GroundTruth truth, Random random) {
    int hr = rate(truth);
    return switch (truth.rhythm()) {
      case SINUS_RHYTHM -> pick(random, "sinusrhythmus", "sinusrhythmus", "sinusrhythmus", "sr", "normofrequenter sinusrhythmus",
          "sinusrhythmus, hf " + hr + "/min", "sinusrhythmus frequenz " + hr + "/min");
      case SINUS_BRADYCARDIA -> pick(random, "sinusbradykardie", "sinusbradykardie", "bradykarder sinusrhythmus",
          "sinusbradykardie hf " + hr + "/min", "sinusbradykardie, frequenz " + hr + "/min");
      case SINUS_TACHYCARDIA -> pick(random, "sinustachykardie", "sinustachykardie", "tachykarder sinusrhythmus",
          "sinustachykardie hf " + hr + "/min");
      case SINUS_ARRHYTHMIA -> pick(random, "sinus arrhythmie", "sinusarrhythmie", "respiratorische sinusarrhythmie",
          "sinusrhythmus mit sinusarrhythmie");
      case ATRIAL_FIBRILLATION -> hr > 100
          ? pick(random, "tachykardes vorhofflimmern", "tachyarrhythmia absoluta bei vorhofflimmern", "vorhofflimmern mit schneller überleitung",
              "vorhofflimmern, hf " + hr + "/min", "tachykardes vhf")
          : hr < 60
              ? pick(random, "bradykardes vorhofflimmern", "bradyarrhythmia absoluta bei vorhofflimmern", "vorhofflimmern mit langsamer überleitung")
              : pick(random, "vorhofflimmern", "vorhofflimmern", "normofrequentes vorhofflimmern", "absolute arrhythmie bei vorhofflimmern",
                  "vorhofflimmern/-flattern", "vhf, normofrequent", "vorhofflimmern hf " + hr + "/min");
      case ATRIAL_FLUTTER -> flutter(truth.flutterConductionRatio(), random);
      case THIRD_DEGREE_AV_BLOCK -> pick(random, "", "", "sinusrhythmus, ")
          + pick(random, "av-block iii", "av-block iii. grades", "totaler av-block", "kompletter av-block", "av-block 3. grades")
          + (junctionalEscape(truth)
              ? pick(random, " mit junktionalem ersatzrhythmus", " mit knotenersatzrhythmus", "")
              : pick(random, " mit kammerersatzrhythmus", " mit ventrikulärem ersatzrhythmus", " bradykarder kammerersatzrhythmus", ""));
      default -> throw new IllegalArgumentException(truth.rhythm() + " is not a rhythm finding");
    };
  }

  private static String flutter(int ratio, Random random) {
    if (ratio == 0) {
      return pick(random, "vorhofflattern mit wechselnder überleitung", "vorhofflattern mit variabler av-überleitung", "vorhofflattern");
    }
    String r = ratio + ":1";
    return pick(random, "vorhofflattern " + r + " überleitung", "vorhofflattern mit " + r + " überleitung",
        "vorhofflattern, " + r + " av-überleitung", "vorhofflattern");
  }

  @Override
  String statement(Finding finding, GroundTruth truth, Random random) {
    return switch (finding) {
      case PREMATURE_VENTRICULAR_CONTRACTION -> pick(random, "ventrikuläre extrasystole(n)", "ventrikuläre extrasystole(n)",
          "ventrikuläre extrasystolen", "vereinzelte ves", "ves", "ventr. extrasystolen uniform", "monomorphe ventrikuläre extrasystolen");
      case VENTRICULAR_BIGEMINY -> pick(random, "ventrikuläre extrasystole(n), bigeminus", "ves im bigeminus", "ventrikulärer bigeminus",
          "bigeminus");
      case PREMATURE_ATRIAL_CONTRACTION -> pick(random, "supraventrikuläre extrasystole(n)", "supraventrikuläre extrasystolen",
          "vereinzelte sves", "sves");
      case FIRST_DEGREE_AV_BLOCK -> pick(random, "av-block i", "a-v block i", "av-block 1. grades", "av-block i. grades",
          "verlängerte pq-zeit", "pq-verlängerung (av-block i)");
      case LEFT_BUNDLE_BRANCH_BLOCK -> pick(random, "linksschenkelblock", "linksschenkelblock", "kompletter linksschenkelblock", "lsb",
          "linksschenkelblockbild");
      case RIGHT_BUNDLE_BRANCH_BLOCK -> pick(random, "rechtsschenkelblock", "rechtsschenkelblock", "kompletter rechtsschenkelblock", "rsb",
          "kompletter rsb");
      case ST_ELEVATION -> stChange(true, truth, random);
      case ST_DEPRESSION -> stChange(false, truth, random);
      case LEFT_VENTRICULAR_HYPERTROPHY -> pick(random, "linkshypertrophie", "linkshypertrophie", "linksherzhypertrophie",
          "zeichen der linksherzhypertrophie", "linksventrikuläre hypertrophie", "sokolow-lyon-index positiv, linkshypertrophie", "lvh");
      case LOW_QRS_VOLTAGE -> pick(random, "periphere niederspannung", "periphere niederspannung", "periphere low voltage",
          "niedervoltage in den extremitätenableitungen", "low voltage peripher");
      default -> throw new IllegalArgumentException(finding + " has no statement of its own");
    };
  }

  private static String stChange(boolean elevation, GroundTruth truth, Random random) {
    String leads = switch (territory(truth)) {
      case INFERIOR -> pick(random, "ii, iii, avf", "ii,iii,avf", "ii, iii und avf");
      case ANTERIOR -> pick(random, "v1-v4", "v2-v4", "v1-v3", "v2,v3,v4");
      case LATERAL -> pick(random, "i, avl, v5, v6", "i,avl,v5,v6", "v5,v6", "v4-v6");
    };
    String region = switch (territory(truth)) {
      case INFERIOR -> pick(random, "inferior", "inferior");
      case ANTERIOR -> pick(random, "anterior", "vorderwand");
      case LATERAL -> pick(random, "lateral", "seitenwand");
    };
    if (elevation) {
      return pick(random, "st-hebung in " + leads, "st-hebungen " + leads, "st-streckenhebung in " + leads, "st-hebung " + region,
          "st-elevation in " + leads);
    }
    return pick(random, "st-senkung in " + leads, "st-senkungen in " + leads, "deszendierende st-senkung in " + leads,
        "horizontale st-senkung " + leads, "st-streckensenkung " + region, "unspezifische st-senkung");
  }

  @Override
  String axis(double degrees, Random random) {
    if (random.nextDouble() < 0.4) {
      return null;
    }
    if (degrees < -30) {
      return pick(random, "überdrehter linkstyp", "ueberdrehter linkstyp", "überdrehter linkslagetyp");
    } else if (degrees < 30) {
      return pick(random, "linkstyp", "linkstyp", "linkslagetyp");
    } else if (degrees < 60) {
      return pick(random, "lagetyp normal", "lagetyp normal", "indifferenztyp", "mittellagetyp");
    } else if (degrees < 90) {
      return pick(random, "steiltyp", "lagetyp normal");
    } else if (degrees < 120) {
      return "rechtstyp";
    }
    return pick(random, "überdrehter rechtstyp", "ueberdrehter rechtstyp");
  }

  @Override
  String normal(boolean plainSinus, Random random) {
    return plainSinus
        ? pick(random, "normales ekg", "normales ekg", "normales ekg", "ekg im normbereich", "sonst normales ekg", "normalbefund")
        : pick(random, "sonst normales ekg", "sonst normales ekg", "ansonsten normales ekg", "ekg sonst im normbereich");
  }

  @Override
  String abnormalSummary(Random random) {
    return random.nextDouble() < 0.2 ? pick(random, "pathologisches ekg", "path. ekg", "abnormes ekg") : null;
  }

  @Override
  String join(List<String> statements, Random random) {
    return String.join(random.nextDouble() < 0.85 ? " " : ", ", statements);
  }

  /** PTB-XL stores umlauts upper-case inside lower-case text ("ventrikulÄre"); others write "ae". */
  @Override
  String respell(String report, Random random) {
    double u = random.nextDouble();
    if (u < 0.4) {
      return report.replace('ä', 'Ä').replace('ö', 'Ö').replace('ü', 'Ü');
    } else if (u < 0.6) {
      return report.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue");
    }
    return report;
  }
}
