package org.ecgstream.trainer.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PTB-XL's {@code scp_statements.csv}: which SCP-ECG statements are diagnostic (and their
 * superclass) and which describe the rhythm.
 */
public final class ScpStatements {

  private final Map<String, DiagnosticSuperclass> superclassOf;
  private final Set<String> rhythm;

  ScpStatements(Map<String, DiagnosticSuperclass> superclassOf, Set<String> rhythm) {
    this.superclassOf = Map.copyOf(superclassOf);
    this.rhythm = Set.copyOf(rhythm);
  }

  /** Reads the table; the statement code is its first (unnamed) column. */
  public static ScpStatements read(Path file) throws IOException {
    CsvTable table = CsvTable.read(file, "", "diagnostic", "rhythm", "diagnostic_class");
    Map<String, DiagnosticSuperclass> superclassOf = new HashMap<>();
    Set<String> rhythm = new HashSet<>();
    for (int r = 0; r < table.size(); r++) {
      if (table.isBlank(r)) {
        continue;
      }
      String code = table.get(r, "").strip();
      if (isFlagSet(table.get(r, "diagnostic"))) {
        String superclass = table.get(r, "diagnostic_class").strip();
        try {
          superclassOf.put(code, DiagnosticSuperclass.valueOf(superclass));
        } catch (IllegalArgumentException e) {
          throw new IOException(table.where(r) + ": diagnostic statement " + code + " has diagnostic_class '"
              + superclass + "', expected one of NORM, MI, STTC, CD, HYP", e);
        }
      }
      if (isFlagSet(table.get(r, "rhythm"))) {
        rhythm.add(code);
      }
    }
    if (superclassOf.isEmpty()) {
      throw new IOException("CSV " + file + " marks no statement as diagnostic; is it PTB-XL's scp_statements.csv?");
    }
    return new ScpStatements(superclassOf, rhythm);
  }

  /**
   * The record's diagnostic superclasses by PTB-XL's own rule (its {@code example_physionet.py}):
   * every diagnostic statement in {@code scp_codes}, whatever its likelihood, because a likelihood
   * of 0 means "not given", not "absent".
   */
  public Set<DiagnosticSuperclass> superclasses(Map<String, Double> scpCodes) {
    return superclasses(scpCodes, -1);
  }

  /** The superclasses of the diagnostic statements whose likelihood is strictly above {@code minLikelihood}. */
  public Set<DiagnosticSuperclass> superclasses(Map<String, Double> scpCodes, double minLikelihood) {
    Set<DiagnosticSuperclass> out = EnumSet.noneOf(DiagnosticSuperclass.class);
    for (Map.Entry<String, Double> code : scpCodes.entrySet()) {
      DiagnosticSuperclass superclass = superclassOf.get(code.getKey());
      if (superclass != null && code.getValue() > minLikelihood) {
        out.add(superclass);
      }
    }
    return out;
  }

  /** The rhythm statements (SR, AFIB, STACH, SBRAD, ...) among {@code scpCodes}, in their order. */
  public List<String> rhythms(Map<String, Double> scpCodes) {
    List<String> out = new ArrayList<>();
    for (String code : scpCodes.keySet()) {
      if (rhythm.contains(code)) {
        out.add(code);
      }
    }
    return out;
  }

  public boolean isRhythm(String code) {
    return rhythm.contains(code);
  }

  private static boolean isFlagSet(String field) {
    String value = field.strip();
    try {
      return !value.isEmpty() && Double.parseDouble(value) != 0;
    } catch (NumberFormatException e) {
      return false; // a flag column holds 1.0 or nothing; treat stray text as unset
    }
  }
}
