package org.ecgstream.local.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.MapFunction;
import org.ecgstream.schemas.EcgFrame;

/**
 * Frame number to frame of recordings generated once in this JVM. The bench's MiniCluster runs in
 * the same process, so its source reads the recordings from memory instead of shipping hundreds of
 * megabytes of frames inside the job graph; it would not work on a remote cluster, and needs not.
 */
public final class ReplayedFrames implements MapFunction<Long, EcgFrame> {

  private static final Map<String, BenchRecordings> RUNS = new ConcurrentHashMap<>();

  private final String run;

  private ReplayedFrames(String run) {
    this.run = run;
  }

  /** Makes {@code recordings} replayable under {@code run} until {@link #forget(String)}. */
  public static ReplayedFrames of(String run, BenchRecordings recordings) {
    RUNS.put(run, recordings);
    return new ReplayedFrames(run);
  }

  public static void forget(String run) {
    RUNS.remove(run);
  }

  @Override
  public EcgFrame map(Long index) {
    BenchRecordings recordings = RUNS.get(run);
    if (recordings == null) {
      throw new IllegalStateException("bench run " + run + " has no recordings in this JVM (a remote cluster cannot replay them)");
    }
    return recordings.frame(index);
  }
}
