package org.ecgstream.bridge.delivery;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A parking lot in memory, for tests of delivery without a broker. */
public final class CollectingParkingLot implements ParkingLot {

  private final List<ParkedAlarm> parked = new CopyOnWriteArrayList<>();

  @Override
  public void park(ParkedAlarm alarm) {
    parked.add(alarm);
  }

  public List<ParkedAlarm> parked() {
    return List.copyOf(parked);
  }

  @Override
  public void close() {}
}
