package org.ecgstream.ingest.frame;

import org.apache.avro.Schema;

/**
 * The {@code EcgFrame} fields, in order and with their Avro types, that ingest reads and writes
 * without Avro's generic code (DeviceFrameDecoder, CanonicalFrameEncoder): both check the schema
 * they were built with against it, so that a schema change cannot make them read or write the
 * wrong bytes.
 */
public final class EcgFrameLayout {

  public static final String EXPECTED = "deviceId:STRING seq:LONG deviceTimeMillis:LONG sampleRateHz:INT"
      + " gainPerMv:FLOAT baselineAdc:INT leads:ARRAY<ENUM> samples:ARRAY<BYTES> leadOff:ARRAY<BOOLEAN>"
      + " patientId:UNION<NULL,STRING> bedId:UNION<NULL,STRING> quality:UNION<NULL,RECORD>"
      + " quality.leadOff:ARRAY<BOOLEAN> quality.saturated:ARRAY<BOOLEAN> quality.flatLine:ARRAY<BOOLEAN>"
      + " quality.gapBeforeMillis:LONG quality.deviceClockDriftMillis:LONG";

  private EcgFrameLayout() {}

  /** Whether {@code ecgFrame} (the EcgFrame schema) has the layout {@link #EXPECTED}. */
  public static boolean isCurrent(Schema ecgFrame) {
    return of(ecgFrame).equals(EXPECTED);
  }

  /** The layout of {@code ecgFrame} in the form of {@link #EXPECTED}. */
  public static String of(Schema ecgFrame) {
    StringBuilder out = new StringBuilder();
    for (Schema.Field field : ecgFrame.getFields()) {
      out.append(out.length() == 0 ? "" : " ").append(field.name()).append(':').append(type(field.schema()));
    }
    Schema quality = ecgFrame.getField("quality").schema();
    if (quality.getType() == Schema.Type.UNION && quality.getTypes().size() == 2
        && quality.getTypes().get(1).getType() == Schema.Type.RECORD) {
      for (Schema.Field field : quality.getTypes().get(1).getFields()) {
        out.append(" quality.").append(field.name()).append(':').append(type(field.schema()));
      }
    }
    return out.toString();
  }

  private static String type(Schema s) {
    return switch (s.getType()) {
      case ARRAY -> "ARRAY<" + type(s.getElementType()) + ">";
      case UNION -> "UNION<" + String.join(",", s.getTypes().stream().map(t -> t.getType().name()).toList()) + ">";
      default -> s.getType().name();
    };
  }
}
