package org.ecgstream.local.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.ecgstream.local.WorkDirectories;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in KRaft mode (combined broker and controller, one node) running inside this
 * JVM: the default of {@code ./ecg demo} and of the integration tests. Clients talk to it over
 * plain TCP on localhost exactly as they would to a cluster.
 *
 * <p>Its log directory is formatted on start. A temporary directory is deleted on close; a given
 * one is kept, so a restart finds its data again.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final int NODE_ID = 1;

  private final Path logDir;
  private final boolean deleteOnClose;
  private final int port;
  private final int controllerPort;
  private KafkaRaftServer server;

  private EmbeddedKafkaBroker(Path logDir, boolean deleteOnClose, int port) {
    this.logDir = logDir;
    this.deleteOnClose = deleteOnClose;
    this.port = port == 0 ? freePort() : port;
    this.controllerPort = freePortOtherThan(this.port);
  }

  /** A broker on a free port with a temporary log directory. */
  public static EmbeddedKafkaBroker onFreePort() {
    return temporary(0);
  }

  /** A broker on {@code port} (0 for any free one) with a temporary log directory, deleted on close. */
  public static EmbeddedKafkaBroker temporary(int port) {
    try {
      return new EmbeddedKafkaBroker(Files.createTempDirectory("ecg-kafka-"), true, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for the broker's log", e);
    }
  }

  /** A broker on {@code port} (0 for any free one) keeping its log in {@code logDir}. */
  public static EmbeddedKafkaBroker at(Path logDir, int port) {
    return new EmbeddedKafkaBroker(logDir, false, port);
  }

  /** Formats the log directory when needed and starts the broker; returns when it serves requests. */
  public EmbeddedKafkaBroker start() {
    if (server != null) {
      throw new IllegalStateException("broker already started");
    }
    Properties props = brokerProperties();
    try {
      Files.createDirectories(logDir);
      if (!Files.exists(logDir.resolve("meta.properties"))) {
        format();
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot format the broker's log directory " + logDir + ": " + e.getMessage(), e);
    }
    server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    server.startup();
    LOG.info("event=broker_started bootstrap={} logDir={}", bootstrapServers(), logDir);
    return this;
  }

  public String bootstrapServers() {
    return "localhost:" + port;
  }

  public Path logDir() {
    return logDir;
  }

  /** Stops the broker, waiting for a clean shutdown, and deletes a temporary log directory. */
  @Override
  public void close() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
      LOG.info("event=broker_stopped bootstrap={}", bootstrapServers());
    }
    if (deleteOnClose) {
      WorkDirectories.deleteRecursively(logDir);
    }
  }

  /** Stops the broker but keeps its data, so that {@link #start} brings it back with everything in it. */
  public void stopKeepingData() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }

  private Properties brokerProperties() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
    p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    // One node: every internal topic has a single replica; few partitions keep start-up fast.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "4");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
    return p;
  }

  private void format() throws Exception {
    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setNodeId(NODE_ID)
        .setClusterId(Uuid.randomUuid().toString())
        .addDirectory(logDir.toString())
        .setMetadataLogDirectory(logDir.toString())
        .setReleaseVersion(MetadataVersion.latestProduction())
        .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
        .setControllerListenerName("CONTROLLER")
        .run();
  }

  /**
   * A free port that is not {@code taken}: the client port's socket is closed before this asks, and the
   * kernel may hand the same ephemeral port out again (seen: "Each listener must have a different port").
   */
  private static int freePortOtherThan(int taken) {
    int candidate = freePort();
    while (candidate == taken) {
      candidate = freePort();
    }
    return candidate;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free TCP port on localhost", e);
    }
  }
}
