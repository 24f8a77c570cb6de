package org.ecgstream.dashboard.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ClientStreamTest {

  /** A browser connection whose writes complete only when the test says so. */
  static class ManualSink implements EventSink {
    final List<String> written = new ArrayList<>();
    Runnable pending;
    boolean closed;

    @Override
    public void write(String chunk, Runnable done, Consumer<Throwable> failed) {
      written.add(chunk);
      pending = done;
    }

    void completeWrite() {
      Runnable r = pending;
      pending = null;
      r.run();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void eventsAreWrittenOneAtATimeInOrder() {
    ManualSink sink = new ManualSink();
    ClientStream c = new ClientStream("s", ClientStream.View.WARD, sink, 4, x -> {});
    c.offer("e1");
    c.offer("e2");
    c.offer("e3");
    assertThat(sink.written).containsExactly("e1");
    sink.completeWrite();
    sink.completeWrite();
    assertThat(sink.written).containsExactly("e1", "e2", "e3");
    assertThat(c.queued()).isZero();
  }

  @Test
  void slowClientIsDroppedWhenItsQueueIsFullInsteadOfBufferingWithoutLimit() {
    ManualSink sink = new ManualSink();
    List<ClientStream> closed = new ArrayList<>();
    ClientStream c = new ClientStream("s", ClientStream.View.WARD, sink, 3, closed::add);
    assertThat(c.offer("e0")).isTrue(); // in flight, never completes
    for (int i = 1; i <= 3; i++) {
      assertThat(c.offer("e" + i)).isTrue();
    }
    assertThat(c.offer("e4")).isFalse();
    assertThat(c.closed()).isTrue();
    assertThat(c.overflowed()).isTrue();
    assertThat(c.queued()).isZero();
    assertThat(sink.closed).isTrue();
    assertThat(closed).containsExactly(c);
    assertThat(c.offer("e5")).isFalse();
  }

  @Test
  void hubCountsDroppedClientsAndKeepsServingTheOthers() {
    EventHub hub = new EventHub();
    hub.attach(new org.ecgstream.dashboard.ward.WardState(125, 250, (t, p) -> {}));
    ManualSink slow = new ManualSink();
    ManualSink fast = new ManualSink() {
      @Override
      public void write(String chunk, Runnable done, Consumer<Throwable> failed) {
        written.add(chunk);
        done.run(); // completes at once
      }
    };
    ClientStream slowClient = new ClientStream("a", ClientStream.View.WARD, slow, 2, hub::closed);
    ClientStream fastClient = new ClientStream("b", ClientStream.View.WARD, fast, 2, hub::closed);
    hub.add(slowClient);
    hub.add(fastClient);
    for (int i = 0; i < 10; i++) {
      hub.publish("model", java.util.Map.of("n", i));
    }
    assertThat(hub.clientsDropped()).isEqualTo(1);
    assertThat(hub.clientCount()).isEqualTo(1);
    assertThat(fast.written).hasSize(10);
    assertThat(hub.eventsRefused()).as("the overflowing offer; the dropped client gets no more").isEqualTo(1);
  }

  @Test
  void streamsOfEndedSessionsAreClosedAndBedPagesStopBeingWatched() {
    EventHub hub = new EventHub();
    org.ecgstream.dashboard.ward.WardState ward = new org.ecgstream.dashboard.ward.WardState(125, 250, (t, p) -> {});
    hub.attach(ward);
    ManualSink a = new ManualSink();
    ManualSink b = new ManualSink();
    hub.add(new ClientStream("expired", new ClientStream.View("bed-04"), a, 4, hub::closed));
    hub.add(new ClientStream("live", ClientStream.View.WARD, b, 4, hub::closed));
    assertThat(ward.watchedBeds()).containsExactly("bed-04");
    hub.closeExpired(session -> session.equals("live"));
    assertThat(a.closed).isTrue();
    assertThat(b.closed).isFalse();
    assertThat(hub.clientCount()).isEqualTo(1);
    assertThat(hub.clientsDropped()).as("ended, not dropped for being slow").isZero();
    assertThat(ward.watchedBeds()).isEmpty();
  }
}
