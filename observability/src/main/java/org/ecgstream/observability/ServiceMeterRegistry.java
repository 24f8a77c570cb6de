package org.ecgstream.observability;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The Prometheus registry of one service: every meter carries {@code service=<name>} (so one
 * Grafana panel can tell ingest's JVM from the bridge's) and the JVM's memory, threads, CPU, class
 * loading and uptime are bound.
 */
public final class ServiceMeterRegistry {

  /** The tag every meter of a service registry carries. */
  public static final String SERVICE_TAG = "service";

  private ServiceMeterRegistry() {}

  public static PrometheusMeterRegistry create(String service) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags(SERVICE_TAG, service);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }
}
