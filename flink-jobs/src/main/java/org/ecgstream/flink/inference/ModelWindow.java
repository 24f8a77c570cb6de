package org.ecgstream.flink.inference;

/**
 * One preprocessed model input of one patient (a Flink POJO): {@code signal} is row-major
 * (leads, samples) in the model's lead order, {@code leadMask} is 1 for leads that carry signal.
 * The window covers event time {@code [windowStartMillis, windowEndMillis)}.
 */
public class ModelWindow {
  public String patientId;
  public String bedId;
  public long windowStartMillis;
  public long windowEndMillis;
  public int leads;
  public int samples;
  public float[] signal;
  public float[] leadMask;

  public ModelWindow() {}

  public ModelWindow(String patientId, String bedId, long windowStartMillis, long windowEndMillis, int leads,
      int samples, float[] signal, float[] leadMask) {
    this.patientId = patientId;
    this.bedId = bedId;
    this.windowStartMillis = windowStartMillis;
    this.windowEndMillis = windowEndMillis;
    this.leads = leads;
    this.samples = samples;
    this.signal = signal;
    this.leadMask = leadMask;
  }

  @Override
  public String toString() {
    return "ModelWindow{" + patientId + " [" + windowStartMillis + ", " + windowEndMillis + ")}";
  }
}
