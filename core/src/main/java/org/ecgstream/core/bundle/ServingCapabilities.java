package org.ecgstream.core.bundle;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ecgstream.core.preprocess.InputSpec;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.schemas.Lead;

/**
 * What a serving pipeline can feed a model: the leads its streams carry and the model sample rates
 * it can resample to. A bundle whose {@link InputSpec} asks for more is refused before it is used.
 *
 * @param leads leads the pipeline's streams carry
 * @param minSampleRateHz lowest model sample rate the pipeline can produce
 * @param maxSampleRateHz highest model sample rate the pipeline can produce
 * @param missingLeadsAllowed whether a model may get some of its leads masked as absent (the
 *     C-MELT encoder takes any subset with a lead mask); at least one must still be present
 */
public record ServingCapabilities(
    Set<Lead> leads, int minSampleRateHz, int maxSampleRateHz, boolean missingLeadsAllowed) {

  public ServingCapabilities {
    leads = Set.copyOf(leads);
    if (leads.isEmpty()) {
      throw new IllegalArgumentException("serving capabilities: no leads");
    }
    if (minSampleRateHz <= 0 || minSampleRateHz > maxSampleRateHz) {
      throw new IllegalArgumentException("serving capabilities: sample rates " + minSampleRateHz + ".."
          + maxSampleRateHz + " Hz are not a range");
    }
  }

  /** A pipeline with these leads, any model rate up to {@code maxSampleRateHz}, every model lead required. */
  public static ServingCapabilities of(Set<Lead> leads, int maxSampleRateHz) {
    return new ServingCapabilities(leads, 1, maxSampleRateHz, false);
  }

  /** Accepts every input spec; for tools that inspect bundles without serving them. */
  public static ServingCapabilities any() {
    return new ServingCapabilities(EnumSet.copyOf(StandardLeads.TWELVE), 1, Integer.MAX_VALUE, true);
  }

  /** These capabilities, also accepting models some of whose leads this pipeline lacks. */
  public ServingCapabilities allowingMissingLeads() {
    return new ServingCapabilities(leads, minSampleRateHz, maxSampleRateHz, true);
  }

  /** Each way {@code spec} asks for more than this pipeline has, as a sentence; empty when it can be served. */
  public List<String> shortfalls(InputSpec spec) {
    List<String> problems = new ArrayList<>();
    int rate = spec.sampleRateHz();
    if (rate < minSampleRateHz || rate > maxSampleRateHz) {
      problems.add("model expects " + rate + " Hz but this pipeline supports " + rateRange()
          + " (use a bundle trained at a supported rate, or widen the pipeline's sample rates)");
    }
    Set<Lead> lacking = new LinkedHashSet<>(spec.leads());
    lacking.removeAll(leads);
    if (lacking.size() == spec.leads().size()) {
      problems.add("model takes leads " + names(spec.leads()) + " but this pipeline has none of them (it has "
          + names(StandardLeads.TWELVE.stream().filter(leads::contains).toList()) + ")");
    } else if (!lacking.isEmpty() && !missingLeadsAllowed) {
      problems.add("model needs leads " + names(List.copyOf(lacking)) + " that this pipeline lacks (it has "
          + names(StandardLeads.TWELVE.stream().filter(leads::contains).toList())
          + "; serve it where those leads exist, or allow missing leads so the model masks them)");
    }
    return problems;
  }

  private String rateRange() {
    return maxSampleRateHz == Integer.MAX_VALUE
        ? "at least " + minSampleRateHz + " Hz"
        : minSampleRateHz + ".." + maxSampleRateHz + " Hz";
  }

  private static String names(List<Lead> leads) {
    return leads.stream().map(StandardLeads::displayName).toList().toString();
  }
}
