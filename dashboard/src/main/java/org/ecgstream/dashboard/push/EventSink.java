package org.ecgstream.dashboard.push;

/** Where one browser's events are written: asynchronous, one write at a time (an HTTP response). */
public interface EventSink {

  /** Writes {@code chunk}; calls exactly one of the two when the write has finished or failed. */
  void write(String chunk, Runnable written, java.util.function.Consumer<Throwable> failed);

  /** Ends the stream (the browser reconnects and resyncs from a snapshot). */
  void close();
}
