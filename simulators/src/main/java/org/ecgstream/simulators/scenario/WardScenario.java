package org.ecgstream.simulators.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.ecgstream.schemas.AlarmLimits;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.BedScript.LeadOff;
import org.ecgstream.simulators.fleet.BedScript.RateChange;
import org.ecgstream.simulators.synthetic.Rhythm;

/**
 * A scripted ward: beds bound to patients, and per bed a timeline of rhythm changes and electrode
 * (lead-off) episodes, read from a JSON scenario file (examples and the format in
 * {@code simulators/scenarios/}). The timeline is also the ground truth the alarms are scored
 * against ({@link #segments}).
 *
 * @param name short name, for reports
 * @param description what the scenario exercises
 * @param duration how long the beds stream
 * @param sampleRateHz samples per second per lead of every bed
 * @param beds the beds' scripts
 */
public record WardScenario(String name, String description, Duration duration, int sampleRateHz, List<BedScript> beds) {

  private static final List<Integer> RATES = List.of(250, 360, 500, 1000);
  private static final Set<String> BED_FIELDS = Set.of("bed", "patient", "device", "noiseMv", "limits", "timeline");
  private static final Set<String> LIMIT_FIELDS = Set.of("heartRateLowBpm", "heartRateHighBpm", "extremeBradycardiaBpm",
      "extremeTachycardiaBpm", "pauseMillis");

  public WardScenario {
    beds = List.copyOf(beds);
    if (beds.isEmpty()) {
      throw new IllegalArgumentException("scenario " + name + " has no beds");
    }
    if (!RATES.contains(sampleRateHz)) {
      throw new IllegalArgumentException("scenario " + name + ": sampleRateHz must be one of " + RATES + ", got " + sampleRateHz);
    }
    if (duration.toMillis() < 1000) {
      throw new IllegalArgumentException("scenario " + name + ": duration must be at least 1 s, got " + duration);
    }
  }

  /** One stretch of a bed's timeline in which rhythm, rate and electrodes do not change. */
  public record Segment(BedScript bed, Rhythm rhythm, double bpm, double stMv, boolean leadOff, long fromMillis,
      long untilMillis) {}

  /**
   * The bed's timeline cut at every change of rhythm, rate or electrodes, up to the scenario's
   * end: the ground truth.
   */
  public List<Segment> segments(BedScript bed) {
    long end = duration.toMillis();
    java.util.TreeSet<Long> cuts = new java.util.TreeSet<>();
    cuts.add(0L);
    cuts.add(end);
    bed.rateChanges().forEach(c -> cuts.add(Math.min(end, c.atMillis())));
    bed.leadOffs().forEach(l -> {
      cuts.add(Math.min(end, l.fromMillis()));
      cuts.add(Math.min(end, l.untilMillis()));
    });
    List<Segment> out = new ArrayList<>();
    Long previous = null;
    for (long cut : cuts) {
      if (previous != null && cut > previous) {
        out.add(new Segment(bed, bed.rhythmAt(previous), bed.rateAt(previous), bed.stAt(previous), bed.leadOffAt(previous),
            previous, cut));
      }
      previous = cut;
    }
    // Merge neighbours that are the same (a cut where nothing changed).
    List<Segment> merged = new ArrayList<>();
    for (Segment s : out) {
      Segment last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && last.rhythm() == s.rhythm() && last.bpm() == s.bpm() && last.stMv() == s.stMv()
          && last.leadOff() == s.leadOff()) {
        merged.set(merged.size() - 1, new Segment(bed, s.rhythm(), s.bpm(), s.stMv(), s.leadOff(), last.fromMillis(),
            s.untilMillis()));
      } else {
        merged.add(s);
      }
    }
    return merged;
  }

  /**
   * Reads a scenario file.
   *
   * @throws IllegalArgumentException naming the file, the bed and what is wrong
   */
  public static WardScenario read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("scenario file " + file + " does not exist");
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("scenario file " + file + " is not valid JSON: " + e.getOriginalMessage()
          + " at line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()), e);
    }
    try {
      return parse(root);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("scenario file " + file + ": " + e.getMessage(), e);
    }
  }

  static WardScenario parse(JsonNode root) {
    String name = text(root, "name", "scenario");
    Duration duration = Durations.parse(required(root, "duration", "scenario").asText());
    int rate = root.path("sampleRateHz").asInt(500);
    JsonNode beds = required(root, "beds", "scenario");
    List<BedScript> scripts = new ArrayList<>();
    Set<String> devices = new HashSet<>();
    Set<String> patients = new HashSet<>();
    int index = 0;
    for (JsonNode bed : beds) {
      index++;
      String where = "bed #" + index;
      unknownFields(bed, BED_FIELDS, where);
      String bedId = text(bed, "bed", where);
      where = "bed " + bedId;
      String patient = bed.path("patient").asText(String.format("sim-patient-%02d", index));
      String device = bed.path("device").asText(String.format("sim-monitor-%02d", index));
      if (!devices.add(device) || !patients.add(patient)) {
        throw new IllegalArgumentException(where + ": device " + device + " or patient " + patient + " is used twice");
      }
      List<RateChange> changes = new ArrayList<>();
      List<LeadOff> leadOffs = new ArrayList<>();
      Rhythm rhythm = Rhythm.SINUS;
      double bpm = 72;
      double stMv = 0;
      int entry = 0;
      for (JsonNode event : required(bed, "timeline", where)) {
        entry++;
        String at = where + ", timeline entry " + entry;
        long atMillis = Durations.parse(required(event, "at", at).asText()).toMillis();
        if (atMillis >= duration.toMillis()) {
          throw new IllegalArgumentException(at + ": at " + event.get("at").asText() + " is not before the end (" + duration + ")");
        }
        if (event.has("leadOff")) {
          long length = Durations.parse(event.get("leadOff").asText()).toMillis();
          leadOffs.add(new LeadOff(atMillis, atMillis + length));
          continue;
        }
        if (!event.has("rhythm") && !event.has("bpm") && !event.has("stMv")) {
          throw new IllegalArgumentException(at + ": needs a rhythm, a bpm, an stMv or a leadOff");
        }
        if (event.has("stMv")) {
          stMv = event.get("stMv").asDouble();
          if (!(Math.abs(stMv) <= 1.0)) {
            throw new IllegalArgumentException(at + ": stMv must be -1..1 mV, got " + event.get("stMv").asText());
          }
        }
        if (event.has("rhythm")) {
          String r = event.get("rhythm").asText().toUpperCase(Locale.ROOT);
          try {
            rhythm = Rhythm.valueOf(r);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": unknown rhythm " + r + "; known: " + List.of(Rhythm.values()));
          }
        }
        if (event.has("bpm")) {
          bpm = event.get("bpm").asDouble();
          if (!(bpm >= 10 && bpm <= 350)) {
            throw new IllegalArgumentException(at + ": bpm must be 10..350, got " + event.get("bpm").asText());
          }
        }
        changes.add(new RateChange(atMillis, bpm, rhythm, stMv));
      }
      if (changes.isEmpty() || changes.get(0).atMillis() != 0) {
        throw new IllegalArgumentException(where + ": the timeline must start with a rhythm or bpm at 0s");
      }
      scripts.add(new BedScript(device, patient, bedId, changes, leadOffs,
          bed.path("noiseMv").asDouble(BedScript.DEMO_NOISE_MV), limits(bed.get("limits"), where)));
    }
    return new WardScenario(name, root.path("description").asText(""), duration, rate, scripts);
  }

  private static AlarmLimits limits(JsonNode node, String where) {
    if (node == null || node.isNull()) {
      return null;
    }
    unknownFields(node, LIMIT_FIELDS, where + ", limits");
    AlarmLimits.Builder b = AlarmLimits.newBuilder();
    if (node.has("heartRateLowBpm")) {
      b.setHeartRateLowBpm(node.get("heartRateLowBpm").asInt());
    }
    if (node.has("heartRateHighBpm")) {
      b.setHeartRateHighBpm(node.get("heartRateHighBpm").asInt());
    }
    if (node.has("extremeBradycardiaBpm")) {
      b.setExtremeBradycardiaBpm(node.get("extremeBradycardiaBpm").asInt());
    }
    if (node.has("extremeTachycardiaBpm")) {
      b.setExtremeTachycardiaBpm(node.get("extremeTachycardiaBpm").asInt());
    }
    if (node.has("pauseMillis")) {
      b.setPauseMillis(node.get("pauseMillis").asInt());
    }
    return b.build();
  }

  private static void unknownFields(JsonNode node, Set<String> known, String where) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!known.contains(field)) {
        throw new IllegalArgumentException(where + ": unknown field '" + field + "'; known: " + new java.util.TreeSet<>(known));
      }
    }
  }

  private static JsonNode required(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(where + ": '" + field + "' is missing");
    }
    return value;
  }

  private static String text(JsonNode node, String field, String where) {
    return required(node, field, where).asText();
  }
}
