package org.ecgstream.local.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.ecgstream.core.preprocess.EcgWindow;
import org.ecgstream.core.preprocess.InputSpec;
import org.ecgstream.core.preprocess.WindowPreprocessor;
import org.ecgstream.core.signal.Int16Samples;
import org.ecgstream.schemas.EcgFrame;
import org.ecgstream.schemas.Lead;
import org.ecgstream.simulators.twelvelead.Finding;
import org.ecgstream.simulators.twelvelead.Recording;
import org.ecgstream.simulators.twelvelead.Scenario;
import org.ecgstream.simulators.twelvelead.TwelveLeadSimulator;

/**
 * The benchmark's signals, generated once: simulated 12-lead recordings of each patient, kept in
 * ADC units as a monitor sends them, from which both measurements take the same windows (as
 * frames for the Flink job, as preprocessed windows for the plain loop).
 */
public final class BenchRecordings {

  /** Frames carry this much signal, as {@code ./ecg simulate} sends them. */
  public static final int FRAME_MILLIS = 200;
  public static final float GAIN_PER_MV = 1000f;
  public static final long T0_MILLIS = 1_700_000_000_000L;
  private static final Finding[] RHYTHMS = {Finding.SINUS_RHYTHM, Finding.ATRIAL_FIBRILLATION,
      Finding.SINUS_TACHYCARDIA, Finding.ATRIAL_FLUTTER, Finding.SINUS_BRADYCARDIA};

  private final int sampleRateHz;
  private final List<Lead> leads;
  private final short[][][] adc;
  private final long windowMillis;
  private final long strideMillis;
  private final int windowsPerPatient;

  private BenchRecordings(int sampleRateHz, List<Lead> leads, short[][][] adc, long windowMillis, long strideMillis,
      int windowsPerPatient) {
    this.sampleRateHz = sampleRateHz;
    this.leads = leads;
    this.adc = adc;
    this.windowMillis = windowMillis;
    this.strideMillis = strideMillis;
    this.windowsPerPatient = windowsPerPatient;
  }

  /**
   * Recordings long enough for {@code windowsPerPatient} windows of {@code windowMillis} every
   * {@code strideMillis} per patient, rhythms cycling through sinus, AF, tachycardia, flutter and
   * bradycardia; {@code onPatient} hears each finished patient.
   */
  public static BenchRecordings simulate(int patients, int windowsPerPatient, int sampleRateHz, long windowMillis,
      long strideMillis, long seed, IntConsumer onPatient) {
    long durationMillis = windowMillis + (windowsPerPatient - 1L) * strideMillis;
    if (durationMillis % FRAME_MILLIS != 0 || strideMillis % FRAME_MILLIS != 0) {
      throw new IllegalArgumentException("window " + windowMillis + " ms and stride " + strideMillis
          + " ms must be multiples of the " + FRAME_MILLIS + " ms frame");
    }
    short[][][] adc = new short[patients][][];
    List<Lead> leads = null;
    for (int p = 0; p < patients; p++) {
      Recording r = new TwelveLeadSimulator(sampleRateHz, seed + p)
          .simulate(Scenario.of(RHYTHMS[p % RHYTHMS.length]), durationMillis / 1000.0);
      leads = r.leads();
      int samples = (int) (durationMillis * sampleRateHz / 1000);
      adc[p] = new short[leads.size()][samples];
      for (int l = 0; l < leads.size(); l++) {
        float[] mv = r.lead(leads.get(l));
        for (int i = 0; i < samples; i++) {
          adc[p][l][i] = (short) Math.max(-32767, Math.min(32767, Math.round(mv[i] * GAIN_PER_MV)));
        }
      }
      onPatient.accept(p + 1);
    }
    return new BenchRecordings(sampleRateHz, List.copyOf(leads), adc, windowMillis, strideMillis, windowsPerPatient);
  }

  public int patients() {
    return adc.length;
  }

  /** Windows the Flink job emits and the plain loop embeds: every patient's, every stride. */
  public int windowCount() {
    return patients() * windowsPerPatient;
  }

  private int samplesPerFrame() {
    return sampleRateHz * FRAME_MILLIS / 1000;
  }

  /** Frames of all patients, interleaved by device time as a monitor network sends them. */
  public long frameCount() {
    return (long) patients() * (adc[0][0].length / samplesPerFrame());
  }

  /** Frame {@code index} in device-time order: patient {@code index % patients}, its frame {@code index / patients}. */
  public EcgFrame frame(long index) {
    int patient = (int) (index % patients());
    int seq = (int) (index / patients());
    int perFrame = samplesPerFrame();
    List<ByteBuffer> samples = new ArrayList<>(leads.size());
    for (short[] lead : adc[patient]) {
      short[] block = new short[perFrame];
      System.arraycopy(lead, seq * perFrame, block, 0, perFrame);
      samples.add(Int16Samples.pack(block));
    }
    String id = patientId(patient);
    return EcgFrame.newBuilder().setDeviceId("bench-dev-" + patient).setSeq(seq)
        .setDeviceTimeMillis(T0_MILLIS + (long) seq * FRAME_MILLIS).setSampleRateHz(sampleRateHz)
        .setGainPerMv(GAIN_PER_MV).setLeads(leads).setSamples(samples).setPatientId(id)
        .setBedId("bench-bed-" + patient).build();
  }

  static String patientId(int patient) {
    return String.format("bench-p%03d", patient);
  }

  /**
   * The same windows the Flink job's model-windows step builds, preprocessed for {@code spec} by
   * {@code core}'s {@link WindowPreprocessor}: for each patient, the last window length of signal at
   * every stride, in millivolts decoded from the frames' ADC units.
   */
  public PreparedWindows prepare(InputSpec spec) {
    WindowPreprocessor preprocessor = new WindowPreprocessor(spec);
    int windowSamples = (int) (windowMillis * sampleRateHz / 1000);
    int strideSamples = (int) (strideMillis * sampleRateHz / 1000);
    List<float[]> signals = new ArrayList<>(windowCount());
    List<float[]> masks = new ArrayList<>(windowCount());
    for (short[][] patient : adc) {
      for (int w = 0; w < windowsPerPatient; w++) {
        Map<Lead, float[]> mv = new EnumMap<>(Lead.class);
        for (int l = 0; l < leads.size(); l++) {
          short[] slice = new short[windowSamples];
          System.arraycopy(patient[l], w * strideSamples, slice, 0, windowSamples);
          mv.put(leads.get(l), Int16Samples.toMillivolts(Int16Samples.pack(slice), GAIN_PER_MV, 0));
        }
        EcgWindow window = preprocessor.prepare(mv, sampleRateHz);
        signals.add(window.flatten());
        masks.add(window.presenceAsFloats());
      }
    }
    return new PreparedWindows(signals, masks);
  }
}
