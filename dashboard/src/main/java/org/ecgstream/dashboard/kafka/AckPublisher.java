package org.ecgstream.dashboard.kafka;

import org.ecgstream.schemas.AlarmAck;

/** Where the dashboard's acknowledgements go (the acks topic; a recorder in tests). */
public interface AckPublisher extends AutoCloseable {

  /** Sends the acknowledgement and returns once it is durably written; throws if it could not be. */
  void publish(AlarmAck ack) throws Exception;

  @Override
  void close();
}
