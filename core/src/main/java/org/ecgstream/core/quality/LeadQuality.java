package org.ecgstream.core.quality;

/**
 * One lead's signal quality as the noise index last judged it, for an alarm's evidence: whether the
 * lead is usable at all (not lead-off or flat), whether it is noisy, the share of beats two unlike
 * QRS detectors agree on (bSQI, 1 = all) and the share of its power in 0.5-1 Hz (baseline wander
 * and electrode motion), both over the last judged 10 s.
 */
public record LeadQuality(int lead, boolean usable, boolean noisy, double beatAgreement, double baselineShare) {}
