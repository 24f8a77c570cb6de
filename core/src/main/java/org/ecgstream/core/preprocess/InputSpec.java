package org.ecgstream.core.preprocess;

import java.util.List;
import java.util.Objects;
import org.ecgstream.schemas.Lead;

/**
 * What a model window looks like: which leads in which order, at what rate, how long, and how it
 * was filtered and scaled. Training writes it into the model bundle's manifest; serving refuses a
 * bundle whose spec it cannot meet.
 *
 * @param leads the model's lead order (a window carries a presence mask over these)
 * @param sampleRateHz the model's sample rate; inputs are resampled to it
 * @param windowSamples samples per lead in one window
 * @param bandPassLowHz high-pass corner of the zero-phase band-pass
 * @param bandPassHighHz low-pass corner of the zero-phase band-pass
 * @param normalisation how each lead is scaled after filtering
 */
public record InputSpec(
    List<Lead> leads,
    int sampleRateHz,
    int windowSamples,
    double bandPassLowHz,
    double bandPassHighHz,
    Normalisation normalisation) {

  /** Per-lead scaling applied after the band-pass. */
  public enum Normalisation {
    /** Subtract the lead's mean, divide by its standard deviation, clip to +-{@value #CLIP}. */
    PER_LEAD_ZSCORE;

    /** Normalised samples are clipped to this magnitude so a spike cannot dominate a window. */
    public static final float CLIP = 8f;
  }

  public InputSpec {
    Objects.requireNonNull(leads, "leads");
    Objects.requireNonNull(normalisation, "normalisation");
    leads = List.copyOf(leads);
    if (leads.isEmpty() || leads.size() != leads.stream().distinct().count()) {
      throw new IllegalArgumentException("input spec: leads must be non-empty and distinct: " + leads);
    }
    if (sampleRateHz < 50 || sampleRateHz > 2000) {
      throw new IllegalArgumentException("input spec: sample rate " + sampleRateHz + " Hz outside 50..2000");
    }
    if (windowSamples < sampleRateHz) {
      throw new IllegalArgumentException(
          "input spec: window of " + windowSamples + " samples is shorter than one second");
    }
    if (!(bandPassLowHz > 0 && bandPassLowHz < bandPassHighHz && bandPassHighHz < sampleRateHz / 2.0)) {
      throw new IllegalArgumentException(
          "input spec: band-pass " + bandPassLowHz + ".." + bandPassHighHz + " Hz must lie inside 0.."
              + sampleRateHz / 2.0 + " Hz (Nyquist)");
    }
  }

  /** Window length in milliseconds. */
  public long windowMillis() {
    return Math.round(windowSamples * 1000.0 / sampleRateHz);
  }

  /** Position of a lead in the model's lead order, or -1. */
  public int indexOf(Lead lead) {
    return leads.indexOf(lead);
  }
}
