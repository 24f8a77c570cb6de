package org.ecgstream.bridge.acks;

import org.ecgstream.schemas.AlarmAck;

/** Where acknowledgements from the HL7 side go; {@link #write} returns once the ack is durably written. */
public interface AckSink extends AutoCloseable {

  void write(AlarmAck ack) throws Exception;

  @Override
  void close();
}
