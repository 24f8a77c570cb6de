package org.ecgstream.core.testdata;

import java.util.ArrayList;
import java.util.List;
import org.ecgstream.core.rhythm.RhythmListener;

/** A rhythm listener for tests: records every condition change as (kind, seconds). */
public final class RecordedRhythmEvents implements RhythmListener {

  /**
   * One change: asystole, asystole-ended, vf, vf-ended, af, af-ended, vt, vt-ended, pause,
   * signal-lost, signal-restored; {@code value} is the run length for vt, the RR in ms for pause, else 0.
   */
  public record Event(String kind, double seconds, double value) {
    public Event(String kind, double seconds) {
      this(kind, seconds, 0);
    }
  }

  private final double sampleRateHz;
  private final List<Event> events = new ArrayList<>();

  public RecordedRhythmEvents(double sampleRateHz) {
    this.sampleRateHz = sampleRateHz;
  }

  public List<Event> events() {
    return List.copyOf(events);
  }

  private void add(String kind, long sample) {
    events.add(new Event(kind, sample / sampleRateHz));
  }

  @Override
  public void asystoleStarted(long sample, long lastBeat) {
    add("asystole", sample);
  }

  @Override
  public void asystoleEnded(long sample) {
    add("asystole-ended", sample);
  }

  @Override
  public void fibrillationStarted(long sample, double leakage, double dominantHz) {
    add("vf", sample);
  }

  @Override
  public void fibrillationEnded(long sample) {
    add("vf-ended", sample);
  }

  @Override
  public void atrialFibrillationStarted(long sample, double irregularity) {
    add("af", sample);
  }

  @Override
  public void atrialFibrillationEnded(long sample) {
    add("af-ended", sample);
  }

  @Override
  public void ventricularTachycardiaStarted(long sample, int beats, double rateBpm) {
    events.add(new Event("vt", sample / sampleRateHz, beats));
  }

  @Override
  public void ventricularTachycardiaEnded(long sample) {
    add("vt-ended", sample);
  }

  @Override
  public void pause(long sample, long rrMillis) {
    events.add(new Event("pause", sample / sampleRateHz, rrMillis));
  }

  @Override
  public void signalLost(long sample, String why) {
    add("signal-lost", sample);
  }

  @Override
  public void signalRestored(long sample) {
    add("signal-restored", sample);
  }
}
