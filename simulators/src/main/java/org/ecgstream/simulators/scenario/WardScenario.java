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
import org.ecgstream.simulators.artifacts.ArtifactEpisode;
import org.ecgstream.simulators.artifacts.ArtifactKind;
import org.ecgstream.simulators.fleet.BedScript;
import org.ecgstream.simulators.fleet.BedScript.LeadOff;
import org.ecgstream.simulators.fleet.BedScript.LeadOffSignal;
import org.ecgstream.simulators.fleet.BedScript.Pause;
import org.ecgstream.simulators.fleet.BedScript.RateChange;
import org.ecgstream.simulators.fleet.SignalModel;
import org.ecgstream.simulators.fleet.TransportFaults;
import org.ecgstream.simulators.synthetic.Conduction;
import org.ecgstream.simulators.synthetic.Ectopy;
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
 * @param generator the generator that draws every bed
 * @param transportFaults faults injected between the beds and the broker ({@link TransportFaults#NONE}: none)
 */
public record WardScenario(String name, String description, Duration duration, int sampleRateHz, List<BedScript> beds,
    SignalModel generator, TransportFaults transportFaults) {

  private static final List<Integer> RATES = List.of(250, 360, 500, 1000);
  private static final Set<String> ROOT_FIELDS = Set.of("name", "description", "duration", "sampleRateHz", "generator",
      "transportFaults", "beds");
  private static final Set<String> BED_FIELDS = Set.of("bed", "patient", "device", "noiseMv", "clockDriftPpm", "limits", "timeline");
  private static final Set<String> ENTRY_FIELDS = Set.of("at", "rhythm", "bpm", "stMv", "ectopy", "pvcPerMinute", "conduction",
      "prMs", "pause", "leadOff", "signal", "artifact", "for", "amplitudeMv", "mainsHz");
  private static final Set<String> FAULT_FIELDS = Set.of("drop", "duplicate", "reorder", "late", "lateBy", "malformed", "seed");
  private static final Set<String> LIMIT_FIELDS = Set.of("heartRateLowBpm", "heartRateHighBpm", "extremeBradycardiaBpm",
      "extremeTachycardiaBpm", "pauseMillis");

  /** A beat-train ward without transport faults. */
  public WardScenario(String name, String description, Duration duration, int sampleRateHz, List<BedScript> beds) {
    this(name, description, duration, sampleRateHz, beds, SignalModel.BEAT_TRAIN, TransportFaults.NONE);
  }

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
    unknownFields(root, ROOT_FIELDS, "scenario");
    String name = text(root, "name", "scenario");
    Duration duration = Durations.parse(required(root, "duration", "scenario").asText());
    int rate = root.path("sampleRateHz").asInt(500);
    SignalModel generator = root.has("generator") ? SignalModel.parse(root.get("generator").asText()) : SignalModel.BEAT_TRAIN;
    TransportFaults faults = transportFaults(root.get("transportFaults"));
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
      List<Pause> pauses = new ArrayList<>();
      List<ArtifactEpisode> artifacts = new ArrayList<>();
      Rhythm rhythm = Rhythm.SINUS;
      double bpm = 72;
      double stMv = 0;
      Ectopy ectopy = Ectopy.NONE;
      double pvcPerMinute = 0;
      Conduction conduction = Conduction.NORMAL;
      double prMillis = 0;
      List<JsonNode> timeline = new ArrayList<>();
      required(bed, "timeline", where).forEach(timeline::add);
      // Entries in any order: each carries the state forward from the one before it in time.
      timeline.sort(java.util.Comparator.comparingLong(e -> e.has("at") ? safeMillis(e.get("at").asText()) : -1));
      for (JsonNode event : timeline) {
        String at = where + ", timeline entry at " + event.path("at").asText("?");
        unknownFields(event, ENTRY_FIELDS, at);
        long atMillis = Durations.parse(required(event, "at", at).asText()).toMillis();
        if (atMillis >= duration.toMillis()) {
          throw new IllegalArgumentException(at + ": at " + event.get("at").asText() + " is not before the end (" + duration + ")");
        }
        if (event.has("leadOff")) {
          long length = Durations.parse(event.get("leadOff").asText()).toMillis();
          LeadOffSignal signal = LeadOffSignal.FLAT;
          if (event.has("signal")) {
            signal = enumValue(LeadOffSignal.class, event.get("signal").asText(), at + ": signal");
          }
          leadOffs.add(new LeadOff(atMillis, atMillis + length, signal));
          continue;
        }
        if (event.has("pause")) {
          long length = Durations.parse(event.get("pause").asText()).toMillis();
          pauses.add(new Pause(atMillis, atMillis + length));
          continue;
        }
        if (event.has("artifact")) {
          artifacts.add(artifact(event, atMillis, at));
          continue;
        }
        if (!event.has("rhythm") && !event.has("bpm") && !event.has("stMv") && !event.has("ectopy") && !event.has("conduction")
            && !event.has("prMs")) {
          throw new IllegalArgumentException(at + ": needs one of rhythm, bpm, stMv, ectopy, conduction, prMs, pause, leadOff, artifact");
        }
        if (event.has("stMv")) {
          stMv = event.get("stMv").asDouble();
          if (!(Math.abs(stMv) <= 1.0)) {
            throw new IllegalArgumentException(at + ": stMv must be -1..1 mV, got " + event.get("stMv").asText());
          }
        }
        if (event.has("rhythm")) {
          rhythm = enumValue(Rhythm.class, event.get("rhythm").asText(), at + ": rhythm");
        }
        if (event.has("bpm")) {
          bpm = event.get("bpm").asDouble();
          if (!(bpm >= 10 && bpm <= 350)) {
            throw new IllegalArgumentException(at + ": bpm must be 10..350, got " + event.get("bpm").asText());
          }
        }
        if (event.has("ectopy")) {
          ectopy = enumValue(Ectopy.class, event.get("ectopy").asText(), at + ": ectopy");
          pvcPerMinute = ectopy == Ectopy.PVC ? 6 : 0;
        }
        if (event.has("pvcPerMinute")) {
          if (ectopy != Ectopy.PVC) {
            throw new IllegalArgumentException(at + ": pvcPerMinute needs \"ectopy\": \"PVC\"");
          }
          pvcPerMinute = event.get("pvcPerMinute").asDouble();
          if (!(pvcPerMinute > 0 && pvcPerMinute <= 30)) {
            throw new IllegalArgumentException(at + ": pvcPerMinute must be in (0, 30], got " + event.get("pvcPerMinute").asText());
          }
        }
        if (event.has("conduction")) {
          conduction = enumValue(Conduction.class, event.get("conduction").asText().toUpperCase(Locale.ROOT)
              .replace("LBBB", "LEFT_BUNDLE_BRANCH_BLOCK").replace("RBBB", "RIGHT_BUNDLE_BRANCH_BLOCK"), at + ": conduction");
        }
        if (event.has("prMs")) {
          prMillis = event.get("prMs").asDouble();
          if (!(prMillis == 0 || (prMillis >= 80 && prMillis <= 400))) {
            throw new IllegalArgumentException(at + ": prMs must be 80..400 (0: the patient's own), got " + event.get("prMs").asText());
          }
        }
        RateChange change = new RateChange(atMillis, bpm, rhythm, stMv, ectopy, pvcPerMinute, conduction, prMillis);
        if (generator == SignalModel.BEAT_TRAIN && change.needsTwelveLead()) {
          throw new IllegalArgumentException(at + ": " + describe(event) + " needs \"generator\": \"twelve-lead\" at the top of the file"
              + " (the default beat-train generator draws SINUS, ATRIAL_FIBRILLATION, VENTRICULAR_TACHYCARDIA,"
              + " VENTRICULAR_FIBRILLATION and ASYSTOLE with ST shifts only)");
        }
        changes.add(change);
      }
      if (changes.isEmpty() || changes.get(0).atMillis() != 0) {
        throw new IllegalArgumentException(where + ": the timeline must start with a rhythm or bpm at 0s");
      }
      if (generator == SignalModel.BEAT_TRAIN && !pauses.isEmpty()) {
        throw new IllegalArgumentException(where + ": a pause needs \"generator\": \"twelve-lead\" at the top of the file");
      }
      double drift = bed.path("clockDriftPpm").asDouble(0);
      scripts.add(new BedScript(device, patient, bedId, changes, leadOffs,
          bed.path("noiseMv").asDouble(BedScript.DEMO_NOISE_MV), limits(bed.get("limits"), where), pauses, artifacts, generator, drift));
    }
    return new WardScenario(name, root.path("description").asText(""), duration, rate, scripts, generator, faults);
  }

  private static ArtifactEpisode artifact(JsonNode event, long atMillis, String at) {
    ArtifactKind kind;
    try {
      kind = ArtifactKind.parse(event.get("artifact").asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + ": " + e.getMessage());
    }
    long length = Durations.parse(required(event, "for", at + " (artifact)").asText()).toMillis();
    double amplitude = event.path("amplitudeMv").asDouble(kind.defaultAmplitudeMv());
    double mainsHz = kind == ArtifactKind.MAINS ? event.path("mainsHz").asDouble(50) : 0;
    try {
      return new ArtifactEpisode(kind, atMillis, atMillis + length, amplitude, mainsHz);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(at + ": " + e.getMessage());
    }
  }

  private static TransportFaults transportFaults(JsonNode node) {
    if (node == null || node.isNull()) {
      return TransportFaults.NONE;
    }
    unknownFields(node, FAULT_FIELDS, "transportFaults");
    try {
      return new TransportFaults(node.path("drop").asDouble(0), node.path("duplicate").asDouble(0),
          node.path("reorder").asDouble(0), node.path("late").asDouble(0), node.path("malformed").asDouble(0),
          Durations.parse(node.path("lateBy").asText("3s")).toMillis(), node.path("seed").asLong(1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("transportFaults: " + e.getMessage(), e);
    }
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String text, String where) {
    String key = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    try {
      return Enum.valueOf(type, key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": unknown value " + text + "; known: " + List.of(type.getEnumConstants()));
    }
  }

  private static String describe(JsonNode event) {
    List<String> parts = new ArrayList<>();
    for (String f : List.of("rhythm", "ectopy", "conduction", "prMs")) {
      if (event.has(f)) {
        parts.add(f + " " + event.get(f).asText());
      }
    }
    return parts.isEmpty() ? "this entry (it keeps a rhythm, ectopy or conduction set earlier)" : String.join(", ", parts);
  }

  private static long safeMillis(String text) {
    try {
      return Durations.parse(text).toMillis();
    } catch (IllegalArgumentException e) {
      return -1; // reported with its entry below
    }
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
