package org.ecgstream.simulators.artifacts;

/**
 * One scripted artifact from {@code fromMillis} (inclusive) to {@code untilMillis} (exclusive) after
 * the bed's start.
 *
 * @param amplitudeMv see {@link ArtifactKind} for what the amplitude measures
 * @param mainsHz 50 or 60 for {@link ArtifactKind#MAINS}, 0 otherwise
 */
public record ArtifactEpisode(ArtifactKind kind, long fromMillis, long untilMillis, double amplitudeMv, double mainsHz) {

  public ArtifactEpisode {
    if (fromMillis < 0 || untilMillis <= fromMillis) {
      throw new IllegalArgumentException("artifact interval must satisfy 0 <= from < until, got " + fromMillis + ".." + untilMillis);
    }
    if (!(amplitudeMv > 0 && amplitudeMv <= 10)) {
      throw new IllegalArgumentException(kind + ": amplitudeMv must be in (0, 10], got " + amplitudeMv);
    }
    if (kind == ArtifactKind.MAINS ? mainsHz != 50 && mainsHz != 60 : mainsHz != 0) {
      throw new IllegalArgumentException(kind == ArtifactKind.MAINS
          ? "mains artifact: mainsHz must be 50 or 60, got " + mainsHz : kind + ": mainsHz is for MAINS only");
    }
  }

  public boolean covers(long offsetMillis) {
    return offsetMillis >= fromMillis && offsetMillis < untilMillis;
  }
}
