package org.ecgstream.ingest.binding;

import org.ecgstream.schemas.Admission;
import org.ecgstream.schemas.EcgFrame;

/** Binds a frame to the patient its device is admitted to, at the frame's device time. */
public final class PatientBinding {

  private PatientBinding() {}

  /** Why the frame cannot be bound to {@code admission}, or null when it can. */
  public static String unboundReason(EcgFrame frame, Admission admission) {
    if (admission == null || admission.getPatientId() == null) {
      return "device " + frame.getDeviceId() + " has no admission binding it to a patient";
    }
    if (frame.getDeviceTimeMillis() < admission.getEffectiveFromMillis()) {
      return "frame at device time " + frame.getDeviceTimeMillis()
          + " precedes the device's admission (effective from " + admission.getEffectiveFromMillis() + ")";
    }
    return null;
  }

  /** The frame with the admission's patient and bed set. */
  public static EcgFrame bind(EcgFrame frame, Admission admission) {
    return EcgFrame.newBuilder(frame)
        .setPatientId(admission.getPatientId())
        .setBedId(admission.getBedId())
        .build();
  }
}
