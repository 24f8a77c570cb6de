package org.ecgstream.local.scoring;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink for jobs on a MiniCluster in this JVM that keeps every record in memory, for runs whose
 * output the caller reads after {@code execute} returns. Unlike {@code executeAndCollect}, whose
 * fetcher may give up on a job that has just finished, nothing is read before the job is done.
 */
public final class InProcessSink<T> implements Sink<T> {

  private static final Map<String, List<Object>> RECEIVED = new ConcurrentHashMap<>();

  private final String id = UUID.randomUUID().toString();

  public InProcessSink() {
    RECEIVED.put(id, new CopyOnWriteArrayList<>());
  }

  /** Everything written so far; call after the job has finished. Forgets it. */
  @SuppressWarnings("unchecked")
  public List<T> drain() {
    return (List<T>) List.copyOf(RECEIVED.remove(id));
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    List<Object> target = RECEIVED.get(id);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context ctx) {
        target.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
