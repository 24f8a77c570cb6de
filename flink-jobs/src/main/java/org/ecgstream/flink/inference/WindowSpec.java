package org.ecgstream.flink.inference;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import org.ecgstream.core.preprocess.InputSpec;
import org.ecgstream.schemas.Lead;

/**
 * A model's input spec (from the bundle manifest) plus the stride between windows, in a form Flink
 * can ship to its operators; {@link #inputSpec()} gives the {@code core} spec back.
 *
 * @param leads the model's lead order
 * @param sampleRateHz the model's sample rate
 * @param windowSamples samples per lead in one window
 * @param bandPassLowHz band-pass high-pass corner
 * @param bandPassHighHz band-pass low-pass corner
 * @param normalisation per-lead scaling after filtering
 * @param strideMillis event time between the ends of consecutive windows
 */
public record WindowSpec(
    List<Lead> leads,
    int sampleRateHz,
    int windowSamples,
    double bandPassLowHz,
    double bandPassHighHz,
    InputSpec.Normalisation normalisation,
    long strideMillis)
    implements Serializable {

  public WindowSpec {
    leads = List.copyOf(leads);
    if (strideMillis < 100) {
      throw new IllegalArgumentException("window stride must be at least 100 ms, got " + strideMillis + " ms");
    }
  }

  /** The windows of {@code spec}, one ending every {@code stride} of event time. */
  public static WindowSpec of(InputSpec spec, Duration stride) {
    return new WindowSpec(spec.leads(), spec.sampleRateHz(), spec.windowSamples(), spec.bandPassLowHz(),
        spec.bandPassHighHz(), spec.normalisation(), stride.toMillis());
  }

  /** The {@code core} input spec these windows are prepared for. */
  public InputSpec inputSpec() {
    return new InputSpec(leads, sampleRateHz, windowSamples, bandPassLowHz, bandPassHighHz, normalisation);
  }

  /** Window length in event time. */
  public long windowMillis() {
    return Math.round(windowSamples * 1000.0 / sampleRateHz);
  }
}
