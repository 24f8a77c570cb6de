package org.ecgstream.simulators.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.ecgstream.simulators.artifacts.ArtifactEpisode;
import org.ecgstream.simulators.fleet.BedScript.RateChange;
import org.ecgstream.simulators.synthetic.Conduction;
import org.ecgstream.simulators.synthetic.Ectopy;

/**
 * A bed script as ground-truth events: each stretch of rhythm and rate, ST shift, bundle branch
 * block, first-degree AV block, ectopy, pause, lead-off and artifact with its onset and offset
 * (offsets from the bed's start; {@link Long#MAX_VALUE} when it lasts until the bed stops).
 */
public final class TruthTimeline {

  /** PR intervals above this are first-degree AV block (the clinical definition). */
  private static final double FIRST_DEGREE_PR_MILLIS = 200;

  /** One scripted event, offsets in milliseconds from the bed's start. */
  public record Event(String kind, String detail, long fromMillis, long untilMillis) {
    /** Whether it lasts until the bed stops. */
    public boolean open() {
      return untilMillis == Long.MAX_VALUE;
    }
  }

  private TruthTimeline() {}

  /** Every event of the script, by onset. */
  public static List<Event> of(BedScript script) {
    List<Event> events = new ArrayList<>();
    stretches(script, c -> c.rhythm().name(), c -> String.format(Locale.ROOT, "%.0f bpm", c.bpm()), events);
    stretches(script, c -> c.stMv() > 0 ? "ST_ELEVATION" : c.stMv() < 0 ? "ST_DEPRESSION" : null,
        c -> String.format(Locale.ROOT, "%.2f mV in lead II", c.stMv()), events);
    stretches(script, c -> c.conduction() == Conduction.NORMAL ? null : c.conduction().name(), c -> null, events);
    stretches(script, c -> c.prMillis() > FIRST_DEGREE_PR_MILLIS ? "FIRST_DEGREE_AV_BLOCK" : null,
        c -> String.format(Locale.ROOT, "PR %.0f ms", c.prMillis()), events);
    stretches(script, c -> c.ectopy() == Ectopy.PVC ? "PREMATURE_VENTRICULAR_CONTRACTIONS"
        : c.ectopy() == Ectopy.BIGEMINY ? "VENTRICULAR_BIGEMINY" : null,
        c -> c.ectopy() == Ectopy.PVC ? String.format(Locale.ROOT, "%.1f/min", c.pvcPerMinute()) : null, events);
    for (BedScript.Pause p : script.pauses()) {
      events.add(new Event("PAUSE", String.format(Locale.ROOT, "%d ms", p.untilMillis() - p.fromMillis()), p.fromMillis(),
          p.untilMillis()));
    }
    for (BedScript.LeadOff l : script.leadOffs()) {
      events.add(new Event("LEAD_OFF", l.signal().name().toLowerCase(Locale.ROOT), l.fromMillis(), l.untilMillis()));
    }
    for (ArtifactEpisode a : script.artifacts()) {
      String detail = a.mainsHz() > 0
          ? String.format(Locale.ROOT, "%.0f Hz %.2f mV", a.mainsHz(), a.amplitudeMv())
          : String.format(Locale.ROOT, "%.2f mV", a.amplitudeMv());
      events.add(new Event(a.kind().name(), detail, a.fromMillis(), a.untilMillis()));
    }
    events.sort(Comparator.comparingLong(Event::fromMillis));
    return List.copyOf(events);
  }

  /** Maximal stretches of the timeline over which {@code kind} is the same and not null. */
  private static void stretches(BedScript script, Function<RateChange, String> kind, Function<RateChange, String> detail,
      List<Event> out) {
    List<RateChange> changes = script.rateChanges();
    String currentKind = null;
    String currentDetail = null;
    long from = 0;
    for (RateChange c : changes) {
      String k = kind.apply(c);
      String d = k == null ? null : detail.apply(c);
      if (Objects.equals(k, currentKind) && Objects.equals(d, currentDetail)) {
        continue;
      }
      if (currentKind != null) {
        out.add(new Event(currentKind, currentDetail, from, c.atMillis()));
      }
      currentKind = k;
      currentDetail = d;
      from = c.atMillis();
    }
    if (currentKind != null) {
      out.add(new Event(currentKind, currentDetail, from, Long.MAX_VALUE));
    }
  }
}
