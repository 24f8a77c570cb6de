package org.ecgstream.core.qrs;

/** The QRS detectors there are, by name, for configuration and the command line. */
public final class QrsDetectors {

  private QrsDetectors() {}

  /** A detector kind and how to make one for a sample rate. */
  public enum Kind {
    /** Pan-Tompkins with band-pass, adaptive thresholds, T-wave discrimination and search-back. */
    PAN_TOMPKINS,
    /** The walking skeleton's slope-energy detector. */
    SLOPE_ENERGY;

    public QrsDetector create(int sampleRateHz) {
      return switch (this) {
        case PAN_TOMPKINS -> new PanTompkinsDetector(sampleRateHz);
        case SLOPE_ENERGY -> new SlopeEnergyRPeakDetector(sampleRateHz);
      };
    }

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }
}
