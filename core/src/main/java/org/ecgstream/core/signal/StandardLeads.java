package org.ecgstream.core.signal;

import java.util.List;
import java.util.Locale;
import org.ecgstream.schemas.Lead;

/** The 12 standard ECG leads in canonical order, and their conventional names. */
public final class StandardLeads {

  /** Canonical order: limb leads, augmented limb leads, precordial leads. */
  public static final List<Lead> TWELVE =
      List.of(
          Lead.I, Lead.II, Lead.III, Lead.AVR, Lead.AVL, Lead.AVF,
          Lead.V1, Lead.V2, Lead.V3, Lead.V4, Lead.V5, Lead.V6);

  /** The lead a rhythm monitor watches first when it is present. */
  public static final Lead RHYTHM_LEAD = Lead.II;

  private StandardLeads() {}

  /** Conventional display name: "I", "II", "aVR", "V1". */
  public static String displayName(Lead lead) {
    return switch (lead) {
      case AVR -> "aVR";
      case AVL -> "aVL";
      case AVF -> "aVF";
      default -> lead.name();
    };
  }

  /**
   * Parses a lead name as written in WFDB headers and device configs ("II", "aVR", "AVR", "v1").
   *
   * @throws IllegalArgumentException for a name that is not one of the 12 standard leads
   */
  public static Lead parse(String name) {
    String key = name.trim().toUpperCase(Locale.ROOT);
    for (Lead lead : TWELVE) {
      if (lead.name().equals(key)) {
        return lead;
      }
    }
    throw new IllegalArgumentException(
        "'" + name + "' is not a standard ECG lead (expected one of I, II, III, aVR, aVL, aVF, V1-V6)");
  }
}
