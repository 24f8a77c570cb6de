package org.ecgstream.dashboard.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ecgstream.schemas.AlarmAck;
import org.ecgstream.schemas.serde.EcgSerdes;

/** Writes acknowledgements to the acks topic, keyed by patient id (the alarm job's key), acks=all. */
public final class KafkaAckPublisher implements AckPublisher {

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;

  public KafkaAckPublisher(Map<String, Object> clientConfig, String topic) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "ecg-dashboard-acks");
    config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
    config.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    this.topic = topic;
  }

  @Override
  public void publish(AlarmAck ack) throws Exception {
    producer.send(new ProducerRecord<>(topic, ack.getPatientId(), EcgSerdes.acks().serialize(ack))).get(15, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
