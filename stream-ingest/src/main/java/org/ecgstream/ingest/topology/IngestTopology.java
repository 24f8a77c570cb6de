package org.ecgstream.ingest.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.ecgstream.ingest.IngestTopics;
import org.ecgstream.schemas.Admission;
import org.ecgstream.schemas.serde.AvroSingleObjectSerde;
import org.ecgstream.schemas.serde.EcgSerdes;

/**
 * The ingest data flow: {@code ecg.raw -> intake (decode, bind to patient) -> ecg.frames} keyed by
 * patient, with every refused record on {@code ecg.dlq}.
 */
public final class IngestTopology {

  /** Name of the global store that holds the latest admission per device. */
  public static final String ADMISSIONS_STORE = "admissions-by-device";

  private IngestTopology() {}

  public static Topology build(IngestTopics topics) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.globalTable(
        topics.admissions(),
        Consumed.with(Serdes.String(), kafkaSerde(EcgSerdes.admissions())),
        Materialized.<String, Admission, KeyValueStore<Bytes, byte[]>>as(ADMISSIONS_STORE));

    KStream<String, DecodedFrame> intake = builder
        .stream(topics.raw(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
        .processValues(() -> new FrameIntake(ADMISSIONS_STORE));

    intake.filter((device, decoded) -> decoded.isOk())
        .map((device, decoded) -> org.apache.kafka.streams.KeyValue.pair(decoded.frame().getPatientId(), decoded.frame()))
        .to(topics.frames(), Produced.with(Serdes.String(), kafkaSerde(EcgSerdes.frames())));

    intake.filter((device, decoded) -> !decoded.isOk())
        .mapValues(DecodedFrame::rejected)
        .to(topics.deadLetters(), Produced.with(Serdes.String(), kafkaSerde(EcgSerdes.rejectedRecords())));

    return builder.build();
  }

  /** Kafka serde over our Avro single-object serde. */
  static <T extends org.apache.avro.specific.SpecificRecord> Serde<T> kafkaSerde(AvroSingleObjectSerde<T> serde) {
    return Serdes.serdeFrom((topic, value) -> value == null ? null : serde.serialize(value),
        (topic, bytes) -> bytes == null ? null : serde.deserialize(bytes));
  }

}
