package org.ecgstream.k8s;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.ecgstream.flink.job.AlarmJobLauncher;
import org.ecgstream.k8s.Kustomization.Rendered;

/** The three renderings every test checks, and the settings files the ConfigMaps hold. */
final class Manifests {

  /** Base and both overlays, as deploy/README.md applies them. */
  static final List<String> ALL = List.of("base", "overlays/dev", "overlays/prod");

  static final String ALARM_JOB_CONFIG = "ecg-alarm-job-config";
  static final String BRIDGE_CONFIG = "ecg-alert-bridge-config";
  static final String INGEST_CONFIG = "ecg-ingest-config";

  private Manifests() {}

  private static final Map<String, Rendered> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

  /** The rendering of {@code overlay}, made once per test run (tests only read it). */
  static Rendered render(String overlay) {
    return RENDERED.computeIfAbsent(overlay, Kustomization::render);
  }

  /** One file of a ConfigMap's data. */
  static String configFile(Rendered r, String configMap, String key) {
    String text = Kustomization.at(r.get("ConfigMap", configMap), "data", key);
    if (text == null) {
      throw new AssertionError("ConfigMap " + configMap + " has no " + key);
    }
    return text;
  }

  /** A properties file of a ConfigMap, in file order. */
  static Map<String, String> properties(Rendered r, String configMap, String key) {
    Properties p = new Properties();
    try {
      p.load(new StringReader(configFile(r, configMap, key)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    p.stringPropertyNames().stream().sorted().forEach(k -> out.put(k, p.getProperty(k).trim()));
    return out;
  }

  /** The alarm job's settings as the job itself reads its --config file ({@link AlarmJobLauncher#readFile}). */
  static Map<String, String> alarmJobSettings(Rendered r) {
    try {
      Path file = Files.createTempFile("alarms", ".yaml");
      try {
        Files.writeString(file, configFile(r, ALARM_JOB_CONFIG, "alarms.yaml"));
        return AlarmJobLauncher.readFile(file);
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
