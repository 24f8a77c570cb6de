package org.ecgstream.bridge.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ecgstream.bridge.delivery.ParkingLot;

/**
 * Parks undeliverable state changes on the park topic: key and value exactly as consumed (so the
 * record can be replayed into the alerts topic as it is), and why in headers.
 */
public final class KafkaParkingLot implements ParkingLot {

  /** Header names of a parked record. */
  public static final String CHANNEL = "ecg.park.channel";
  public static final String REASON = "ecg.park.reason";
  public static final String ATTEMPTS = "ecg.park.attempts";
  public static final String SOURCE = "ecg.park.source";
  public static final String PARKED_AT = "ecg.park.parked-at-millis";

  private final Producer<String, byte[]> producer;
  private final String topic;

  public KafkaParkingLot(Map<String, Object> clientConfig, String topic) {
    this(new KafkaProducer<>(withDurability(clientConfig), new StringSerializer(), new ByteArraySerializer()), topic);
  }

  KafkaParkingLot(Producer<String, byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  @Override
  public void park(ParkedAlarm parked) throws ExecutionException, InterruptedException, TimeoutException {
    RecordHeaders headers = new RecordHeaders();
    headers.add(CHANNEL, utf8(parked.channel()));
    headers.add(REASON, utf8(parked.reason()));
    headers.add(ATTEMPTS, utf8(Integer.toString(parked.attempts())));
    headers.add(SOURCE, utf8(parked.sourceTopic() + "-" + parked.sourcePartition() + "@" + parked.sourceOffset()));
    headers.add(PARKED_AT, utf8(Long.toString(System.currentTimeMillis())));
    producer.send(new ProducerRecord<>(topic, null, parked.patientKey(), parked.value(), headers)).get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Map<String, Object> withDurability(Map<String, Object> clientConfig) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "ecg-alert-bridge-parking");
    return config;
  }
}
