package org.ecgstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.ecgstream.bridge.config.BridgeConfig;
import org.ecgstream.flink.job.PrometheusReporterSettings;
import org.ecgstream.k8s.Kustomization.Rendered;
import org.ecgstream.observability.MetricsEndpoint;
import org.ecgstream.observability.MetricsEndpointConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Ports the services listen on (by their config) are the ports the pods, Services and scrapers use. */
class PortsTest {

  static final List<String> OVERLAYS = Manifests.ALL;

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void bridgeStatusListenerPortIsTheContainerPortTheServiceTargets(String overlay) {
    Rendered r = Manifests.render(overlay);
    BridgeConfig config = BridgeConfig.of(Manifests.properties(r, Manifests.BRIDGE_CONFIG, "bridge.properties"));
    if (config.hl7StatusPort().isEmpty()) {
      return; // no listener configured (dev)
    }
    Map<String, Object> bridge = BridgeAndIngestConfigTest.container(r, "Deployment", "ecg-alert-bridge", "bridge");
    Map<String, Object> port = namedPort(bridge, "hl7-status");
    assertThat(port.get("containerPort")).isEqualTo(config.hl7StatusPort().getAsInt());
    List<Map<String, Object>> servicePorts = Kustomization.at(r.get("Service", "ecg-alert-bridge"), "spec", "ports");
    assertThat(servicePorts).anySatisfy(p -> assertThat(p.get("targetPort")).isEqualTo("hl7-status"));
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void servicesServeTheirOwnMetricsPortWhichIsTheContainerPortTheAnnotationAndTheProbesUse(String overlay) {
    Rendered r = Manifests.render(overlay);
    for (String[] d : List.of(new String[] {"ecg-ingest", "ingest"}, new String[] {"ecg-alert-bridge", "bridge"})) {
      Map<String, Object> c = BridgeAndIngestConfigTest.container(r, "Deployment", d[0], d[1]);
      List<String> args = Kustomization.at(c, "args");
      int flag = args.indexOf("--metrics-port");
      assertThat(flag).as(d[0] + " is started with --metrics-port").isNotNegative();
      // The value as the command parses it: the same typed config the service validates at start-up.
      MetricsEndpointConfig endpoint = MetricsEndpointConfig.from(Map.of(MetricsEndpointConfig.PORT_KEY, args.get(flag + 1)), "");
      assertThat(endpoint.enabled()).isTrue();
      assertThat(namedPort(c, "metrics").get("containerPort")).as(d[0]).isEqualTo(endpoint.port());
      assertThat(Kustomization.<String>at(r.get("Deployment", d[0]), "spec", "template", "metadata", "annotations", "prometheus.io/port"))
          .as(d[0]).isEqualTo(String.valueOf(endpoint.port()));
      assertThat(Kustomization.<String>at(c, "readinessProbe", "httpGet", "path")).as(d[0]).isEqualTo(MetricsEndpoint.READY_PATH);
      assertThat(Kustomization.<String>at(c, "livenessProbe", "httpGet", "path")).as(d[0]).isEqualTo(MetricsEndpoint.LIVE_PATH);
      assertThat(Kustomization.<String>at(c, "readinessProbe", "httpGet", "port")).isEqualTo("metrics");
      assertThat(Kustomization.<String>at(c, "livenessProbe", "httpGet", "port")).isEqualTo("metrics");
      List<Map<String, Object>> env = Kustomization.at(c, "env");
      assertThat(env).as(d[0] + ": no JMX exporter agent beside the app's own endpoint")
          .noneSatisfy(e -> assertThat(String.valueOf(e.get("value"))).contains("-javaagent"));
    }
    List<Map<String, Object>> endpoints = Kustomization.at(r.get("PodMonitor", "ecg-services"), "spec", "podMetricsEndpoints");
    assertThat(endpoints).anySatisfy(e -> {
      assertThat(e.get("port")).isEqualTo("metrics");
      assertThat(e.get("path")).isEqualTo(MetricsEndpoint.METRICS_PATH);
    });
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void flinkPrometheusReporterPortIsTheMetricsPortThePodMonitorScrapes(String overlay) {
    Rendered r = Manifests.render(overlay);
    Map<String, Object> flink = r.get("FlinkDeployment", "ecg-alarms");
    Map<String, Object> flinkConfig = Kustomization.at(flink, "spec", "flinkConfiguration");
    String reporterPort = String.valueOf(flinkConfig.get(PrometheusReporterSettings.PORT_KEY));
    assertThat(flinkConfig.get(PrometheusReporterSettings.FACTORY_KEY)).isEqualTo(PrometheusReporterSettings.FACTORY);
    assertThat(reporterPort).isEqualTo(String.valueOf(PrometheusReporterSettings.CLUSTER_PORT));
    assertThat(namedPort(AlarmJobManifestTest.flinkMainContainer(r), "metrics").get("containerPort")).isEqualTo(Integer.parseInt(reporterPort));
    List<Map<String, Object>> endpoints = Kustomization.at(r.get("PodMonitor", "ecg-alarms"), "spec", "podMetricsEndpoints");
    assertThat(endpoints).anySatisfy(e -> assertThat(e.get("port")).isEqualTo("metrics"));
  }

  private static Map<String, Object> namedPort(Map<String, Object> container, String name) {
    List<Map<String, Object>> ports = Kustomization.at(container, "ports");
    return ports.stream().filter(p -> name.equals(p.get("name"))).findFirst()
        .orElseThrow(() -> new AssertionError("container " + container.get("name") + " has no port named " + name));
  }
}
