package org.ecgstream.simulators.fleet;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.schemas.Admission;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.Lead;
import org.ecgstream.simulators.synthetic.BeatTrainGenerator;

/**
 * One bedside device: turns its script into consecutive EcgFrames as the device would send them
 * (ADC counts, device clock, sequence numbers).
 */
public final class SimulatedBed {

  /** ADC units per mV of the simulated device; int16 then covers about +/-163 mV. */
  public static final float GAIN_PER_MV = 200f;

  private final BedScript script;
  private final BeatTrainGenerator generator;
  private final long startMillis;
  private final int frameMillis;
  private final int samplesPerFrame;
  private final float[][] buffer;
  private long seq;

  public SimulatedBed(BedScript script, List<Lead> leads, int sampleRateHz, int frameMillis, long startMillis, long seed) {
    if ((long) sampleRateHz * frameMillis % 1000 != 0) {
      throw new IllegalArgumentException(
          "frame duration " + frameMillis + " ms does not hold a whole number of samples at " + sampleRateHz + " Hz");
    }
    this.script = script;
    this.startMillis = startMillis;
    this.frameMillis = frameMillis;
    this.samplesPerFrame = sampleRateHz * frameMillis / 1000;
    this.generator = new BeatTrainGenerator(sampleRateHz, leads, script.rateAt(0), seed, script.noiseMv());
    this.buffer = new float[leads.size()][samplesPerFrame];
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
    return startMillis + seq * frameMillis;
  }

  /** Generates the next frame of every lead. */
  public EcgFrame nextFrame() {
    long offsetMillis = seq * frameMillis;
    generator.setHeartRate(script.rateAt(offsetMillis));
    generator.setRhythm(script.rhythmAt(offsetMillis));
    generator.setStOffsetMv(script.stAt(offsetMillis));
    generator.next(samplesPerFrame, buffer, null);
    // Electrodes off: the heart goes on (the generator keeps running), the device sends a flat
    // line and flags every lead.
    boolean off = script.leadOffAt(offsetMillis);
    List<ByteBuffer> samples = new ArrayList<>(buffer.length);
    short[] adc = new short[samplesPerFrame];
    for (float[] lead : buffer) {
      for (int i = 0; i < samplesPerFrame; i++) {
        adc[i] = off ? 0 : toAdc(lead[i]);
      }
      samples.add(Int16Samples.pack(adc));
    }
    EcgFrame frame =
        EcgFrame.newBuilder()
            .setDeviceId(script.deviceId())
            .setSeq(seq)
            .setDeviceTimeMillis(startMillis + offsetMillis)
            .setSampleRateHz(generator.sampleRateHz())
            .setGainPerMv(GAIN_PER_MV)
            .setBaselineAdc(0)
            .setLeads(generator.leads())
            .setSamples(samples)
            .setLeadOff(java.util.Collections.nCopies(buffer.length, off))
            .build();
    seq++;
    return frame;
  }

  private static short toAdc(float millivolts) {
    long v = Math.round(millivolts * GAIN_PER_MV);
    return (short) Math.max(Short.MIN_VALUE + 1, Math.min(Short.MAX_VALUE, v));
  }
}
