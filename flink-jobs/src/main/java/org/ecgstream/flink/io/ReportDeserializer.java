package org.ecgstream.flink.io;

import org.ecgstream.schemas.EcgReport;
import org.ecgstream.schemas.serde.EcgSerdes;
import org.ecgstream.schemas.serde.RecordDecodingException;

/** Reads ecg.reports records for the archive; an unreadable one is skipped with a warning. */
public class ReportDeserializer extends SkippingDeserializer<EcgReport> {

  public ReportDeserializer() {
    super(EcgReport.class, "report");
  }

  @Override
  protected EcgReport decode(byte[] value) throws RecordDecodingException {
    return EcgSerdes.reports().deserialize(value);
  }
}
