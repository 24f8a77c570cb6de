package org.ecgstream.flink.io;

import org.ecgstream.schemas.Admission;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.schemas.serde.RecordDecodingException;

/** Reads ecg.admissions records for per-patient alarm limits; an unreadable one is skipped with a warning. */
public class AdmissionDeserializer extends SkippingDeserializer<Admission> {

  public AdmissionDeserializer() {
    super(Admission.class, "admission");
  }

  @Override
  protected Admission decode(byte[] value) throws RecordDecodingException {
    return EcgSerdes.admissions().deserialize(value);
  }
}
