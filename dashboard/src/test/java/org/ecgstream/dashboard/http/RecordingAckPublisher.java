package org.ecgstream.dashboard.http;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ecgstream.dashboard.kafka.AckPublisher;
import org.ecgstream.schemas.AlarmAck;

/** Keeps the acknowledgements the dashboard sends (the Kafka round trip is tested in deploy/local). */
public final class RecordingAckPublisher implements AckPublisher {

  final List<AlarmAck> acks = new CopyOnWriteArrayList<>();

  @Override
  public void publish(AlarmAck ack) {
    acks.add(ack);
  }

  @Override
  public void close() {}
}
