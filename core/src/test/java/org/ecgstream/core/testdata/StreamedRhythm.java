package org.ecgstream.core.testdata;

import java.util.Arrays;
import java.util.List;
import org.ecgstream.core.rhythm.PatientRhythm;
import org.ecgstream.core.rhythm.RhythmSettings;
import org.ecgstream.core.testdata.RecordedRhythmEvents.Event;
import org.ecgstream.core.wfdb.WfdbRecord;

/** Streams recordings through {@link PatientRhythm} in 250 ms blocks, as a monitor would deliver them. */
public final class StreamedRhythm {

  private StreamedRhythm() {}

  /** The given signals of {@code record}, {@code primary} indexing into {@code signals}, default settings. */
  public static List<Event> run(WfdbRecord record, int[] signals, int primary) {
    return run(record, signals, primary, RhythmSettings.defaults());
  }

  public static List<Event> run(WfdbRecord record, int[] signals, int primary, RhythmSettings settings) {
    float[][] leads = new float[signals.length][];
    for (int i = 0; i < signals.length; i++) {
      leads[i] = record.physical(signals[i]);
    }
    return run(leads, (int) Math.round(record.samplingFrequencyHz()), primary, settings);
  }

  public static List<Event> run(float[][] leads, int fs, int primary) {
    return run(leads, fs, primary, RhythmSettings.defaults());
  }

  public static List<Event> run(float[][] leads, int fs, int primary, RhythmSettings settings) {
    PatientRhythm rhythm = new PatientRhythm(fs, leads.length, primary, settings);
    RecordedRhythmEvents listener = new RecordedRhythmEvents(fs);
    int block = fs / 4;
    for (int from = 0; from < leads[0].length; from += block) {
      int to = Math.min(leads[0].length, from + block);
      float[][] chunk = new float[leads.length][];
      for (int i = 0; i < leads.length; i++) {
        chunk[i] = Arrays.copyOfRange(leads[i], from, to);
      }
      rhythm.accept(chunk, listener);
    }
    return listener.events();
  }
}
