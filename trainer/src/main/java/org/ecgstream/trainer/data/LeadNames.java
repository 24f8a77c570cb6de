package org.ecgstream.trainer.data;

import java.util.Optional;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.schemas.Lead;

/** Maps WFDB signal names to standard leads: "MLII" (modified limb lead II, MIT-BIH) is II; unknown names map to nothing. */
final class LeadNames {

  private LeadNames() {}

  static Optional<Lead> toLead(String signalName) {
    String name = signalName.strip();
    // Holter "modified limb leads" are placed on the torso but read as their limb-lead namesakes.
    if (name.length() > 2 && name.regionMatches(true, 0, "ML", 0, 2)) {
      name = name.substring(2);
    }
    try {
      return Optional.of(StandardLeads.parse(name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
