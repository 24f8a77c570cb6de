package org.ecgstream.flink.job;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point of the alarm job on a Flink cluster ({@code flink run ecg-flink-jobs-*-job.jar
 * --config alarms.yaml [--key value ...]}), the same job {@code ./ecg alarms} runs on a MiniCluster.
 *
 * <p>Settings come from a config file ({@code key: value} or {@code key=value} lines, flat keys)
 * overlaid with {@code --key value} flags; {@code ecg.*} keys are the job's
 * ({@link AlarmJobOptions}), others go to Flink as they are, so the same file can choose the
 * state backend ({@code state.backend.type: rocksdb} on a cluster; heap is Flink's default and
 * what the MiniCluster uses) and where checkpoints go ({@code execution.checkpointing.dir}).
 */
public final class AlarmJobLauncher {

  private AlarmJobLauncher() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println(usage());
      return;
    }
    Map<String, String> settings = settings(args);
    AlarmJobConfig config = AlarmJobOptions.toConfig(settings);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flinkSettings(settings));
    EcgAlarmJob.onKafka(config).buildInto(env);
    env.execute("ecg-alarms");
  }

  /** The config file's entries (if {@code --config FILE} is given), overlaid with the other flags. */
  public static Map<String, String> settings(String[] args) throws IOException {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --key value pairs, got '" + args[i] + "'\n" + usage());
      }
      flags.put(args[i].substring(2), args[++i]);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    String file = flags.remove("config");
    if (file != null) {
      settings.putAll(readFile(Path.of(file)));
    }
    settings.putAll(flags);
    return settings;
  }

  /** Flat {@code key: value} (YAML-style) or {@code key=value} lines; {@code #} comments. */
  public static Map<String, String> readFile(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("config file " + file + " does not exist");
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      p.load(in);
    }
    Map<String, String> out = new LinkedHashMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k.trim(), unquote(p.getProperty(k).trim())));
    return out;
  }

  private static String unquote(String value) {
    boolean quoted = value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
        || value.startsWith("'") && value.endsWith("'"));
    return quoted ? value.substring(1, value.length() - 1) : value;
  }

  /** The settings that are Flink's own (not {@code ecg.*}). */
  static Configuration flinkSettings(Map<String, String> settings) {
    Map<String, String> flink = new LinkedHashMap<>();
    settings.forEach((k, v) -> {
      if (!k.startsWith(AlarmJobOptions.PREFIX)) {
        flink.put(k, v);
      }
    });
    return Configuration.fromMap(flink);
  }

  static String usage() {
    return "usage: flink run ecg-flink-jobs-job.jar [--config FILE] [--KEY VALUE ...]\n\n"
        + "Settings (file entries are overlaid by flags; ecg.kafka.client.* go, without the prefix, to every\n"
        + "Kafka client (TLS, SASL); other keys are passed to Flink, e.g. state.backend.type: rocksdb,\n"
        + "execution.checkpointing.dir: s3://bucket/checkpoints):\n\n"
        + AlarmJobOptions.markdownTable();
  }
}
