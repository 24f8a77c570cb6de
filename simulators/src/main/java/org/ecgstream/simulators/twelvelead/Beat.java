package org.ecgstream.simulators.twelvelead;

/** One ventricular beat of the ground truth: its R-peak (main QRS deflection) time and origin. */
public record Beat(long rPeakSample, double rPeakSeconds, BeatType type) {}
