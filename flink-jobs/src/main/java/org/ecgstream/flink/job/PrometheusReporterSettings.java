package org.ecgstream.flink.job;

import org.apache.flink.configuration.Configuration;

/**
 * Flink's Prometheus reporter (flink-metrics-prometheus): each job and task manager serves every
 * Flink metric, ours included, on {@code http://HOST:PORT/metrics}. On a cluster the Flink image
 * ships the reporter as a plugin and the FlinkDeployment sets these keys (deploy/k8s); locally
 * {@code ./ecg alarms --metrics-port N} sets them on the MiniCluster, with the reporter jar on the
 * class path.
 *
 * <p>Names on the scrape: {@code flink_<scope>_<user groups' keys>_<metric>}, user groups' values as
 * labels; for example {@code flink_taskmanager_job_task_operator_kind_priority_state_alarmStateChanges{kind="TACHYCARDIA",...}}
 * and {@code flink_jobmanager_job_lastCheckpointDuration}.
 */
public final class PrometheusReporterSettings {

  public static final String FACTORY_KEY = "metrics.reporter.prom.factory.class";
  public static final String PORT_KEY = "metrics.reporter.prom.port";
  public static final String FACTORY = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";
  /** The port in deploy/k8s's FlinkDeployment and its scrape annotations. */
  public static final int CLUSTER_PORT = 9249;

  private PrometheusReporterSettings() {}

  /**
   * Sets the reporter on {@code flink} at {@code port}. A MiniCluster's job manager and task
   * managers share one JVM and so the one port: the reporter registers them all on one endpoint.
   */
  public static Configuration enable(Configuration flink, int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("Flink metrics port: 1-65535, was " + port);
    }
    flink.setString(FACTORY_KEY, FACTORY);
    flink.setString(PORT_KEY, Integer.toString(port));
    return flink;
  }
}
