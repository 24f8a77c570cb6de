package org.ecgstream.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ecgstream.bridge.config.BridgeConfig;
import org.ecgstream.k8s.Kustomization.Rendered;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Ports the services listen on (by their config) are the ports the pods, Services and scrapers use. */
class PortsTest {

  static final List<String> OVERLAYS = Manifests.ALL;
  private static final Pattern JMX_AGENT = Pattern.compile("-javaagent:\\S+=(\\d+):\\S+");

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
  void jmxExporterPortIsTheMetricsPortAndTheScrapeAnnotation(String overlay) {
    Rendered r = Manifests.render(overlay);
    for (String[] d : List.of(new String[] {"ecg-ingest", "ingest"}, new String[] {"ecg-alert-bridge", "bridge"})) {
      Map<String, Object> c = BridgeAndIngestConfigTest.container(r, "Deployment", d[0], d[1]);
      List<Map<String, Object>> env = Kustomization.at(c, "env");
      String options = (String) env.stream().filter(e -> "JAVA_TOOL_OPTIONS".equals(e.get("name"))).findFirst()
          .orElseThrow(() -> new AssertionError(d[0] + ": no JAVA_TOOL_OPTIONS")).get("value");
      Matcher m = JMX_AGENT.matcher(options);
      assertThat(m.find()).as(d[0] + " runs the JMX exporter agent").isTrue();
      int port = Integer.parseInt(m.group(1));
      assertThat(namedPort(c, "metrics").get("containerPort")).as(d[0]).isEqualTo(port);
      assertThat(Kustomization.<String>at(r.get("Deployment", d[0]), "spec", "template", "metadata", "annotations", "prometheus.io/port"))
          .as(d[0]).isEqualTo(String.valueOf(port));
    }
  }

  @ParameterizedTest
  @FieldSource("OVERLAYS")
  void flinkPrometheusReporterPortIsTheMetricsPortThePodMonitorScrapes(String overlay) {
    Rendered r = Manifests.render(overlay);
    Map<String, Object> flink = r.get("FlinkDeployment", "ecg-alarms");
    String reporterPort = String.valueOf(Kustomization.<Map<String, Object>>at(flink, "spec", "flinkConfiguration").get("metrics.reporter.prom.port"));
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
