package org.ecgstream.simulators.fleet;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.schemas.Admission;
import org.ecgstream.schemas.BeatAnnotation;
import org.ecgstream.schemas.BeatClass;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.EcgTruth;
import org.ecgstream.schemas.Lead;
import org.ecgstream.schemas.TruthEvent;
import org.ecgstream.simulators.artifacts.ElectrodeSignalMixer;
import org.ecgstream.simulators.synthetic.BeatTrainGenerator;
import org.ecgstream.simulators.synthetic.Rhythm;
import org.ecgstream.simulators.twelvelead.StreamingTwelveLeadGenerator;

/**
 * One bedside device: turns its script into consecutive EcgFrames as the device would send them
 * (int16 ADC counts at {@link #GAIN_PER_MV} per mV, device clock, sequence numbers), each with the
 * ground truth of what the simulated heart did meanwhile ({@link Tick}).
 *
 * <p>When the frame duration does not hold a whole number of samples (250 ms at 250 Hz is 62.5),
 * frames alternate between the two nearest counts (62, 63, 62, ...) so that no sample is lost or
 * invented, and each frame's device time is the time of its own first sample.
 */
public final class SimulatedBed {

  /** ADC units per mV of the simulated device; int16 then covers about +/-163 mV. */
  public static final float GAIN_PER_MV = 200f;

  /** Always-present respiration-linked baseline wander of twelve-lead beds, peak in lead II (mV). */
  public static final double RESPIRATION_WANDER_MV = 0.04;

  /** A frame and the truth of what was generated in it. */
  public record Tick(EcgFrame frame, EcgTruth truth) {}

  private final BedScript script;
  private final BeatTrainGenerator beatTrain;
  private final StreamingTwelveLeadGenerator twelveLead;
  private final ElectrodeSignalMixer mixer;
  private final List<Lead> leads;
  private final int sampleRateHz;
  private final long startMillis;
  private final int frameMillis;
  private final int samplesPerFrame;
  private final float[][] buffer;
  private final short[] adc;
  private final List<TruthTimeline.Event> events;
  private final List<BeatAnnotation> frameBeats = new ArrayList<>();
  private int nextEvent;
  private long seq;

  public SimulatedBed(BedScript script, List<Lead> leads, int sampleRateHz, int frameMillis, long startMillis, long seed) {
    if ((long) sampleRateHz * frameMillis < 1000) {
      throw new IllegalArgumentException(
          "frame duration " + frameMillis + " ms holds less than one sample at " + sampleRateHz + " Hz; use longer frames");
    }
    this.script = script;
    this.leads = List.copyOf(leads);
    this.sampleRateHz = sampleRateHz;
    this.startMillis = startMillis;
    this.frameMillis = frameMillis;
    this.samplesPerFrame = (int) Math.ceil(sampleRateHz * frameMillis / 1000.0);
    if (script.model() == SignalModel.TWELVE_LEAD) {
      this.beatTrain = null;
      this.twelveLead = new StreamingTwelveLeadGenerator(sampleRateHz, leads, script, seed);
      this.mixer = new ElectrodeSignalMixer(sampleRateHz, leads, script.noiseMv(), RESPIRATION_WANDER_MV, script.artifacts(),
          seed ^ 0x5DEECE66DL);
    } else {
      this.beatTrain = new BeatTrainGenerator(sampleRateHz, leads, script.rateAt(0), seed, script.noiseMv());
      this.twelveLead = null;
      // The beat train adds its own sensor noise: the mixer adds only scripted artifacts (nothing
      // at all without them, so existing scenarios stream exactly what they did).
      this.mixer = new ElectrodeSignalMixer(sampleRateHz, leads, 0, 0, script.artifacts(), seed ^ 0x5DEECE66DL);
    }
    this.buffer = new float[leads.size()][samplesPerFrame];
    this.adc = new short[samplesPerFrame];
    this.events = TruthTimeline.of(script);
  }

  public int frameMillis() {
    return frameMillis;
  }

  public BedScript script() {
    return script;
  }

  /** The admission that binds this bed's device to its patient from the start of the run. */
  public Admission admission() {
    return Admission.newBuilder()
        .setDeviceId(script.deviceId())
        .setPatientId(script.patientId())
        .setBedId(script.bedId())
        .setUnit("SIM")
        .setEffectiveFromMillis(startMillis)
        .setLimits(script.limits())
        .build();
  }

  /** Device time of the next frame's first sample. */
  public long nextFrameTimeMillis() {
    return deviceTime(offsetMillisOfSample(firstSampleOf(seq)));
  }

  /** Index of frame {@code frame}'s first sample since the bed's first. */
  private long firstSampleOf(long frame) {
    return frame * frameMillis * sampleRateHz / 1000;
  }

  private long offsetMillisOfSample(long sample) {
    return Math.round(sample * 1000.0 / sampleRateHz);
  }

  /** Generates the next frame of every lead. */
  public EcgFrame nextFrame() {
    return tick().frame();
  }

  /** Generates the next frame of every lead and its ground truth. */
  public Tick tick() {
    long firstSample = firstSampleOf(seq);
    int count = (int) (firstSampleOf(seq + 1) - firstSample);
    long offsetMillis = offsetMillisOfSample(firstSample);
    long endMillis = offsetMillisOfSample(firstSample + count);
    frameBeats.clear();
    if (beatTrain != null) {
      Rhythm rhythm = script.rhythmAt(offsetMillis);
      BeatClass beatClass = rhythm == Rhythm.VENTRICULAR_TACHYCARDIA ? BeatClass.VENTRICULAR : BeatClass.NORMAL;
      beatTrain.setHeartRate(script.rateAt(offsetMillis));
      beatTrain.setRhythm(rhythm);
      beatTrain.setStOffsetMv(script.stAt(offsetMillis));
      beatTrain.next(count, buffer, r -> frameBeats.add(new BeatAnnotation(r, beatClass)));
    } else {
      twelveLead.next(count, buffer, (r, c) -> frameBeats.add(new BeatAnnotation(r, c)));
    }
    mixer.add(buffer, count);
    // Electrodes off: the heart goes on (the generator keeps running), the device sends a flat or
    // railed line and flags every lead.
    BedScript.LeadOff off = script.leadOffEpisodeAt(offsetMillis);
    List<ByteBuffer> samples = new ArrayList<>(buffer.length);
    short[] adc = count == samplesPerFrame ? this.adc : new short[count];
    for (float[] lead : buffer) {
      for (int i = 0; i < count; i++) {
        adc[i] = off == null ? toAdc(lead[i]) : off.signal() == BedScript.LeadOffSignal.RAILED ? Short.MAX_VALUE : 0;
      }
      samples.add(Int16Samples.pack(adc));
    }
    EcgFrame frame =
        EcgFrame.newBuilder()
            .setDeviceId(script.deviceId())
            .setSeq(seq)
            .setDeviceTimeMillis(deviceTime(offsetMillis))
            .setSampleRateHz(sampleRateHz)
            .setGainPerMv(GAIN_PER_MV)
            .setBaselineAdc(0)
            .setLeads(leads)
            .setSamples(samples)
            .setLeadOff(Collections.nCopies(buffer.length, off != null))
            .build();
    EcgTruth truth = EcgTruth.newBuilder()
        .setDeviceId(script.deviceId())
        .setPatientId(script.patientId())
        .setFrameSeq(seq)
        .setFrameStartSample(firstSample)
        .setSampleRateHz(sampleRateHz)
        .setBeats(List.copyOf(frameBeats))
        .setEvents(eventsStartingBefore(endMillis))
        .build();
    seq++;
    return new Tick(frame, truth);
  }

  private List<TruthEvent> eventsStartingBefore(long endMillis) {
    List<TruthEvent> out = List.of();
    while (nextEvent < events.size() && events.get(nextEvent).fromMillis() < endMillis) {
      TruthTimeline.Event e = events.get(nextEvent++);
      if (out.isEmpty()) {
        out = new ArrayList<>(2);
      }
      out.add(TruthEvent.newBuilder()
          .setKind(e.kind())
          .setDetail(e.detail())
          .setOnsetMillis(startMillis + e.fromMillis())
          .setOffsetMillis(e.open() ? null : startMillis + e.untilMillis())
          .setOnsetSample(e.fromMillis() * sampleRateHz / 1000)
          .setOffsetSample(e.open() ? null : e.untilMillis() * sampleRateHz / 1000)
          .build());
    }
    return out;
  }

  /** The device clock at {@code offsetMillis} of true time after the start, with the script's drift. */
  private long deviceTime(long offsetMillis) {
    return startMillis + (script.clockDriftPpm() == 0 ? offsetMillis : Math.round(offsetMillis * (1 + script.clockDriftPpm() * 1e-6)));
  }

  private static short toAdc(float millivolts) {
    long v = Math.round(millivolts * GAIN_PER_MV);
    return (short) Math.max(Short.MIN_VALUE + 1, Math.min(Short.MAX_VALUE, v));
  }
}
