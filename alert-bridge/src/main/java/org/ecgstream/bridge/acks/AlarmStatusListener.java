package org.ecgstream.bridge.acks;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import javax.net.ServerSocketFactory;
import javax.net.ssl.SSLServerSocket;
import org.ecgstream.bridge.hl7.Hl7Parsers;
import org.ecgstream.bridge.hl7.MllpConnection;
import org.ecgstream.schemas.AlarmAck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's own MLLP endpoint for the Alert Manager's status reports (IHE PCD-05, ORU^R41): an
 * acknowledgement by a caregiver is written to the acks topic before the report is answered AA, so
 * a report is never acknowledged and then lost. If the write fails the answer is AR (207): the
 * Alert Manager sends it again. A report the bridge cannot read is answered AE with the reason code.
 *
 * <p>An acknowledgement silences a latched alarm, so the listener serves only the configured peer
 * addresses (and loopback) and, over TLS, only peers with a certificate its trust store accepts.
 */
public final class AlarmStatusListener implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AlarmStatusListener.class);
  private static final int MAX_CONNECTIONS = 8;

  private final ServerSocket server;
  private final AckSink acks;
  private final ExecutorService connections = Executors.newFixedThreadPool(MAX_CONNECTIONS, r -> {
    Thread t = new Thread(r, "alarm-status-connection");
    t.setDaemon(true);
    return t;
  });
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private final Set<String> allowedPeers;

  /**
   * Listens on {@code port} (0: any free one) of all interfaces, or loopback only when
   * {@code loopbackOnly}, and serves only peers whose address is in {@code allowedPeers} (loopback
   * addresses always); with a TLS socket factory every peer must present a trusted certificate.
   */
  public AlarmStatusListener(int port, boolean loopbackOnly, ServerSocketFactory sockets, Set<String> allowedPeers, AckSink acks)
      throws IOException {
    this.server = sockets.createServerSocket();
    if (server instanceof SSLServerSocket tls) {
      // A forged acknowledgement would silence a latched alarm: the Alert Manager must prove who it is.
      tls.setNeedClientAuth(true);
    }
    this.allowedPeers = Set.copyOf(allowedPeers);
    server.setReuseAddress(true);
    server.bind(loopbackOnly ? new InetSocketAddress(InetAddress.getLoopbackAddress(), port) : new InetSocketAddress(port));
    this.acks = acks;
    this.acceptor = new Thread(this::acceptLoop, "alarm-status-listener");
    acceptor.setDaemon(true);
    acceptor.start();
    LOG.info("event=alarm_status_listener_started port={}", port());
  }

  public int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        InetAddress peer = socket.getInetAddress();
        if (!peer.isLoopbackAddress() && !allowedPeers.contains(peer.getHostAddress())) {
          LOG.warn("event=alarm_status_peer_refused peer={}", peer.getHostAddress());
          socket.close();
          continue;
        }
        open.add(socket);
        connections.execute(() -> serve(socket));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket socket) {
    try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
      String text;
      while ((text = MllpConnection.readFrame(in)) != null) {
        out.write(MllpConnection.frame(answer(text)));
        out.flush();
      }
    } catch (IOException e) {
      LOG.debug("event=alarm_status_connection_closed error={}", e.toString());
    } finally {
      open.remove(socket);
    }
  }

  /** Reads one report, forwards an acknowledgement, and returns the HL7 answer to send back. */
  String answer(String text) {
    Message message;
    try {
      message = Hl7Parsers.pipeParser().parse(text);
    } catch (HL7Exception e) {
      LOG.warn("event=alarm_status_unparseable error={}", e.getClass().getSimpleName());
      return minimalNak(text);
    }
    try {
      Optional<AlarmAck> ack;
      try {
        ack = AlarmStatusReading.acknowledgement(message);
      } catch (IllegalArgumentException e) {
        LOG.warn("event=alarm_status_refused reason={}", e.getMessage());
        return encode(message.generateACK(AcknowledgmentCode.AE, new HL7Exception(e.getMessage(), ErrorCode.REQUIRED_FIELD_MISSING)));
      }
      if (ack.isEmpty()) {
        return encode(message.generateACK());
      }
      try {
        acks.write(ack.get());
      } catch (Exception e) {
        LOG.error("event=alarm_ack_write_failed alarmId={} error={}", ack.get().getAlarmId(), e.toString());
        return encode(message.generateACK(AcknowledgmentCode.AR,
            new HL7Exception("acknowledgement not stored, send again", ErrorCode.APPLICATION_INTERNAL_ERROR)));
      }
      LOG.info("event=alarm_acknowledged_by_hl7 alarmId={} patientId={}", ack.get().getAlarmId(), ack.get().getPatientId());
      return encode(message.generateACK());
    } catch (HL7Exception | IOException e) {
      LOG.warn("event=alarm_status_unreadable error={}", e.getClass().getSimpleName());
      return minimalNak(text);
    }
  }

  private static String encode(Message ack) throws HL7Exception {
    return Hl7Parsers.pipeParser().encode(ack);
  }

  /** An AE for a message HAPI cannot parse: MSA-2 echoes MSH-10 when it can be found at all. */
  private static String minimalNak(String text) {
    String controlId = "";
    String[] segments = text.split("\r");
    if (segments.length > 0 && segments[0].startsWith("MSH") && segments[0].length() > 3) {
      String[] fields = segments[0].split(Pattern.quote(String.valueOf(segments[0].charAt(3))), -1);
      controlId = fields.length > 9 ? fields[9] : "";
    }
    return "MSH|^~\\&|ECG_STREAM||||||ACK|" + System.nanoTime() + "|P|2.6\rMSA|AE|" + controlId + "\rERR|||102^Data type error^HL70357|E\r";
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing
    }
    open.forEach(s -> {
      try {
        s.close();
      } catch (IOException e) {
        // closing
      }
    });
    connections.shutdownNow();
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
