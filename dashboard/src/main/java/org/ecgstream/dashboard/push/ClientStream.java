package org.ecgstream.dashboard.push;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One connected browser's server-sent-events stream with a bounded queue: at most {@code capacity}
 * events wait while one write is in flight. A browser that cannot keep up (slow network, tab
 * stalled) overflows its queue and is dropped rather than buffered without limit; its EventSource
 * reconnects and starts again from a fresh snapshot.
 */
public final class ClientStream {

  /** What this browser is looking at. */
  public record View(String bedKey) {
    public static final View WARD = new View(null);

    public boolean ward() {
      return bedKey == null;
    }
  }

  private final String sessionId;
  private final View view;
  private final EventSink sink;
  private final int capacity;
  private final Consumer<ClientStream> onClosed;
  private final ArrayDeque<String> queue = new ArrayDeque<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private boolean writing;
  private volatile boolean overflowed;

  public ClientStream(String sessionId, View view, EventSink sink, int capacity, Consumer<ClientStream> onClosed) {
    this.sessionId = sessionId;
    this.view = view;
    this.sink = sink;
    this.capacity = capacity;
    this.onClosed = onClosed;
  }

  /**
   * Queues an event for writing; returns false when it was not accepted (stream closed, or the
   * queue overflowed and the stream is being dropped).
   */
  public boolean offer(String event) {
    String next;
    synchronized (this) {
      if (closed.get()) {
        return false;
      }
      if (queue.size() >= capacity) {
        overflowed = true;
        queue.clear();
      } else {
        queue.addLast(event);
      }
      if (overflowed || writing) {
        next = null;
      } else {
        writing = true;
        next = queue.pollFirst();
      }
    }
    if (overflowed) {
      close();
      return false;
    }
    if (next != null) {
      sink.write(next, this::written, this::failed);
    }
    return true;
  }

  private void written() {
    String next;
    synchronized (this) {
      next = closed.get() ? null : queue.pollFirst();
      if (next == null) {
        writing = false;
        return;
      }
    }
    sink.write(next, this::written, this::failed);
  }

  private void failed(Throwable cause) {
    close();
  }

  /** Ends the stream once; further offers are refused. */
  public void close() {
    if (closed.compareAndSet(false, true)) {
      synchronized (this) {
        queue.clear();
      }
      sink.close();
      onClosed.accept(this);
    }
  }

  public boolean closed() {
    return closed.get();
  }

  /** Whether it was dropped for not keeping up. */
  public boolean overflowed() {
    return overflowed;
  }

  public synchronized int queued() {
    return queue.size();
  }

  public String sessionId() {
    return sessionId;
  }

  public View view() {
    return view;
  }
}
