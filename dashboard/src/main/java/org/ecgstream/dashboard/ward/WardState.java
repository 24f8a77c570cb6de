package org.ecgstream.dashboard.ward;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.core.signal.StandardLeads;
import org.ecgstream.schemas.Alarm;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.EcgLabel;
import org.ecgstream.schemas.Lead;
import org.ecgstream.schemas.LabelScore;
import org.ecgstream.schemas.ModelVersion;
import org.ecgstream.schemas.PatientVitals;

/**
 * Everything the ward view shows, built from the topics: the beds seen, the alarm board, the latest
 * labels per patient, the latest vitals (heart rate) per bed, the model version per stage, and
 * display samples waiting to be pushed (lead II of every bed; all leads of the beds someone has
 * open). A bed is named by its bed id, or by its
 * patient id while ingest has bound no bed.
 *
 * <p>State changes (a new bed, an alarm change, labels, a model version) are handed to the listener
 * as they happen; waveforms and vitals (every 2 s from every bed) are collected until {@link
 * #drainWard} / {@link #drainBed} / {@link #drainVitals}, so the push rate does not grow with the
 * number of beds.
 */
public final class WardState {

  /** Display samples kept per lead between pushes: 10 s at the display rate; more means nobody drains. */
  private static final int BUFFERED_SECONDS = 10;

  private final int wardRateHz;
  private final int bedRateHz;
  private final BiConsumer<String, Object> listener;
  private final AlarmBoard alarms = new AlarmBoard(1000);
  private final Map<String, Bed> beds = new TreeMap<>();
  private final Map<String, Map<String, Object>> labelsByBed = new HashMap<>();
  private final Map<String, Map<String, Object>> models = new TreeMap<>();
  private final Map<String, Integer> watchers = new HashMap<>();
  private final Map<String, Vitals> vitalsByBed = new HashMap<>();
  private final Map<String, Vitals> vitalsChanged = new LinkedHashMap<>();
  private final java.time.Clock clock;
  private final long vitalsStaleAfterMillis;

  /** @param listener gets (event type, payload) for every state change, on the thread that applied it */
  public WardState(int wardRateHz, int bedRateHz, BiConsumer<String, Object> listener) {
    this(wardRateHz, bedRateHz, listener, java.time.Clock.systemUTC(), 10_000);
  }

  /**
   * @param clock when vitals arrive, for their age in snapshots
   * @param vitalsStaleAfterMillis browsers show a bed's heart rate as stale when no vitals came for this long
   */
  public WardState(int wardRateHz, int bedRateHz, BiConsumer<String, Object> listener, java.time.Clock clock,
      long vitalsStaleAfterMillis) {
    this.wardRateHz = wardRateHz;
    this.bedRateHz = bedRateHz;
    this.listener = listener;
    this.clock = clock;
    this.vitalsStaleAfterMillis = vitalsStaleAfterMillis;
  }

  /** A bed's latest vitals and when the dashboard read them (its own clock: device clocks may run ahead). */
  private record Vitals(Map<String, Object> json, long measuredAtMillis, long receivedAtMillis) {}

  private static final class Bed {
    final String key;
    String patientId;
    long lastFrameMillis;
    final WaveformDecimator wardDecimator;
    final SampleBuffer wardSamples;
    int wardOutputRateHz;
    Map<Lead, WaveformDecimator> bedDecimators;
    Map<Lead, SampleBuffer> bedSamples;
    int bedOutputRateHz;

    Bed(String key, int wardRateHz) {
      this.key = key;
      this.wardDecimator = new WaveformDecimator(wardRateHz);
      this.wardSamples = new SampleBuffer(wardRateHz * BUFFERED_SECONDS);
      this.wardOutputRateHz = wardRateHz;
    }
  }

  static String bedKey(CharSequence bedId, CharSequence patientId) {
    return bedId != null ? bedId.toString() : patientId != null ? patientId.toString() : "unassigned";
  }

  public void onFrame(EcgFrame frame) {
    Map<String, Object> newBed = null;
    synchronized (this) {
      String key = bedKey(frame.getBedId(), frame.getPatientId());
      Bed bed = beds.get(key);
      if (bed == null) {
        bed = new Bed(key, wardRateHz);
        beds.put(key, bed);
      }
      String patient = frame.getPatientId() == null ? null : frame.getPatientId().toString();
      if (bed.patientId == null || !bed.patientId.equals(patient)) {
        bed.patientId = patient;
        newBed = bedJson(bed);
      }
      bed.lastFrameMillis = frame.getDeviceTimeMillis();
      List<Lead> leads = frame.getLeads();
      int rhythm = leads.indexOf(StandardLeads.RHYTHM_LEAD);
      int source = rhythm >= 0 ? rhythm : 0; // a monitor without lead II shows its first lead
      if (!leads.isEmpty()) {
        bed.wardSamples.add(bed.wardDecimator.accept(unpack(frame.getSamples().get(source)), frame.getSampleRateHz(),
            frame.getGainPerMv(), frame.getBaselineAdc()));
        bed.wardOutputRateHz = bed.wardDecimator.outputRateHz();
      }
      if (watchers.getOrDefault(key, 0) > 0) {
        if (bed.bedDecimators == null) {
          bed.bedDecimators = new LinkedHashMap<>();
          bed.bedSamples = new LinkedHashMap<>();
        }
        for (int i = 0; i < leads.size(); i++) {
          Lead lead = leads.get(i);
          WaveformDecimator d = bed.bedDecimators.computeIfAbsent(lead, l -> new WaveformDecimator(bedRateHz));
          bed.bedSamples.computeIfAbsent(lead, l -> new SampleBuffer(bedRateHz * BUFFERED_SECONDS))
              .add(d.accept(unpack(frame.getSamples().get(i)), frame.getSampleRateHz(), frame.getGainPerMv(), frame.getBaselineAdc()));
          bed.bedOutputRateHz = d.outputRateHz();
        }
      }
    }
    if (newBed != null) {
      listener.accept("bed", newBed);
    }
  }

  public void onAlarm(Alarm alarm) {
    String key = bedKey(alarm.getBedId(), alarm.getPatientId());
    Optional<AlarmView> view = alarms.apply(alarm, key);
    view.ifPresent(v -> listener.accept("alarm", v));
  }

  public void onLabel(EcgLabel label) {
    Map<String, Object> json = new LinkedHashMap<>();
    String key = bedKey(label.getBedId(), label.getPatientId());
    json.put("bed", key);
    json.put("patientId", label.getPatientId());
    json.put("model", label.getModelName() + "@" + label.getModelVersion());
    json.put("stage", label.getModelStage());
    json.put("windowEndMillis", label.getWindowEndMillis());
    List<Map<String, Object>> scores = new ArrayList<>();
    List<LabelScore> sorted = new ArrayList<>(label.getScores());
    sorted.sort((a, b) -> Float.compare(b.getScore(), a.getScore()));
    for (LabelScore s : sorted.subList(0, Math.min(5, sorted.size()))) {
      scores.add(Map.of("label", s.getLabel(), "score", Math.round(s.getScore() * 100) / 100.0));
    }
    json.put("scores", scores);
    synchronized (this) {
      Map<String, Object> held = labelsByBed.get(key);
      if (held != null && (long) held.get("windowEndMillis") > label.getWindowEndMillis()) {
        return; // an older window read late
      }
      labelsByBed.put(key, json);
    }
    listener.accept("labels", json);
  }

  /** The latest heart rate of a bed; an older measurement read late is ignored. Pushed at the next drain. */
  public synchronized void onVitals(PatientVitals v) {
    String key = bedKey(v.getBedId(), v.getPatientId());
    Vitals held = vitalsByBed.get(key);
    if (held != null && held.measuredAtMillis() > v.getMeasuredAtMillis()) {
      return;
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("bed", key);
    json.put("patientId", v.getPatientId().toString());
    json.put("valid", v.getHeartRateValid());
    json.put("bpm", v.getHeartRateBpm());
    json.put("beats", v.getBeats());
    json.put("spanMillis", v.getSpanMillis());
    json.put("measuredAtMillis", v.getMeasuredAtMillis());
    json.put("reason", v.getInvalidReason() == null ? null : v.getInvalidReason().toString());
    json.put("detail", v.getInvalidDetail() == null ? null : v.getInvalidDetail().toString());
    Vitals now = new Vitals(json, v.getMeasuredAtMillis(), clock.millis());
    vitalsByBed.put(key, now);
    vitalsChanged.put(key, now);
  }

  /** Vitals of every bed that got new ones since the last call, by bed; empty when none did. */
  public synchronized Map<String, Object> drainVitals() {
    Map<String, Object> json = new LinkedHashMap<>();
    vitalsChanged.forEach((bed, v) -> json.put(bed, withAge(v)));
    vitalsChanged.clear();
    return json;
  }

  /** A bed's latest vitals with their age now, or null when it has none. */
  public synchronized Map<String, Object> vitals(String key) {
    Vitals v = vitalsByBed.get(key);
    return v == null ? null : withAge(v);
  }

  private Map<String, Object> withAge(Vitals v) {
    Map<String, Object> json = new LinkedHashMap<>(v.json());
    json.put("ageMillis", Math.max(0, clock.millis() - v.receivedAtMillis()));
    return json;
  }

  public void onModel(ModelVersion model) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("model", model.getModelName());
    json.put("stage", model.getStage());
    json.put("version", model.getVersion());
    json.put("changedAtMillis", model.getChangedAtMillis());
    synchronized (this) {
      models.put(model.getModelName() + "/" + model.getStage(), json);
    }
    listener.accept("model", json);
  }

  /** Notes an acknowledgement sent by {@code user}; empty if the alarm is unknown or cleared. */
  public Optional<AlarmView> ackRequested(String alarmId, String user) {
    Optional<AlarmView> view = alarms.ackRequested(alarmId, user);
    view.ifPresent(v -> listener.accept("alarm", v));
    return view;
  }

  public Optional<AlarmView> alarm(String alarmId) {
    return alarms.get(alarmId);
  }

  /** Everything a newly connected browser needs before the live events. */
  public synchronized Map<String, Object> snapshot() {
    Map<String, Object> json = new LinkedHashMap<>();
    List<Map<String, Object>> bedList = new ArrayList<>();
    beds.values().forEach(b -> bedList.add(bedJson(b)));
    json.put("beds", bedList);
    json.put("alarms", alarms.active());
    json.put("labels", new ArrayList<>(labelsByBed.values()));
    json.put("models", new ArrayList<>(models.values()));
    List<Map<String, Object>> vitals = new ArrayList<>();
    vitalsByBed.values().forEach(v -> vitals.add(withAge(v)));
    json.put("vitals", vitals);
    json.put("vitalsStaleAfterMillis", vitalsStaleAfterMillis);
    json.put("wardRateHz", wardRateHz);
    return json;
  }

  /** Lead II display samples of every bed since the last call; empty map when there are none. */
  public synchronized Map<String, Object> drainWard() {
    Map<String, Object> json = new LinkedHashMap<>();
    for (Bed b : beds.values()) {
      int[] samples = b.wardSamples.drain();
      if (samples != null) {
        json.put(b.key, Map.of("rateHz", b.wardOutputRateHz, "uv", samples));
      }
    }
    return json;
  }

  /** All leads' display samples of one watched bed since the last call; null when there are none. */
  public synchronized Map<String, Object> drainBed(String key) {
    Bed b = beds.get(key);
    if (b == null || b.bedSamples == null) {
      return null;
    }
    Map<String, Object> leads = new LinkedHashMap<>();
    b.bedSamples.forEach((lead, buffer) -> {
      int[] samples = buffer.drain();
      if (samples != null) {
        leads.put(StandardLeads.displayName(lead), samples);
      }
    });
    return leads.isEmpty() ? null : Map.of("bed", key, "rateHz", b.bedOutputRateHz, "leads", leads);
  }

  /** Someone opened (+1) or closed (-1) a bed's page: its leads are decimated only while watched. */
  public synchronized void watch(String key, int delta) {
    int n = watchers.getOrDefault(key, 0) + delta;
    if (n <= 0) {
      watchers.remove(key);
      Bed b = beds.get(key);
      if (b != null) {
        b.bedDecimators = null;
        b.bedSamples = null;
      }
    } else {
      watchers.put(key, n);
    }
  }

  public synchronized List<String> watchedBeds() {
    return new ArrayList<>(watchers.keySet());
  }

  public synchronized int bedCount() {
    return beds.size();
  }

  private static Map<String, Object> bedJson(Bed b) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("bed", b.key);
    json.put("patientId", b.patientId);
    return json;
  }

  private static short[] unpack(ByteBuffer packed) {
    return Int16Samples.unpack(packed.duplicate());
  }
}
