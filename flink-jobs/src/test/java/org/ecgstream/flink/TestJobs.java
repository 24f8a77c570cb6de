package org.ecgstream.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** Settings every job test uses. */
public final class TestJobs {

  private TestJobs() {}

  /** A MiniCluster with one task manager of two slots, enough for parallelism 2. */
  public static MiniClusterExtension miniCluster() {
    return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
        .setNumberTaskManagers(1)
        .setNumberSlotsPerTaskManager(2)
        .build());
  }

  /** No restarts: a failing job fails the test at once instead of restarting forever. */
  public static Configuration failFast() {
    Configuration conf = new Configuration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    return conf;
  }
}
