package org.ecgstream.flink.models;

import org.ecgstream.flink.io.SkippingDeserializer;
import org.ecgstream.schemas.ModelVersion;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.schemas.serde.RecordDecodingException;

/** Reads ecg.models records; an unreadable one is skipped with a warning (the registry must never stop the job). */
public class ModelVersionDeserializer extends SkippingDeserializer<ModelVersion> {

  public ModelVersionDeserializer() {
    super(ModelVersion.class, "model");
  }

  @Override
  protected ModelVersion decode(byte[] value) throws RecordDecodingException {
    return EcgSerdes.modelVersions().deserialize(value);
  }
}
