package org.ecgstream.bridge.hl7;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.util.Terser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.net.ServerSocketFactory;

/**
 * An HL7 receiver (the hospital's Alert Manager) inside the test: a real MLLP server on a loopback
 * port that parses every message with HAPI and answers as its script says: an AA, an AE or AR with an
 * HL7 error code, or no answer at all (the connection is closed).
 */
public final class ScriptedMllpReceiver implements AutoCloseable {

  /** How the receiver answers one message. */
  public sealed interface Answer {
    record Accept() implements Answer {}

    record Error(AcknowledgmentCode code, ErrorCode error) implements Answer {}

    record HangUp() implements Answer {}
  }

  /** One message as the receiver got it, with the answer it gave. */
  public record Received(String controlId, String patientId, String alarmId, int stateSeq, String phase, Answer answer,
      Message message) {}

  private final ServerSocket server;
  private final Function<Received, Answer> script;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Thread acceptor;
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  public ScriptedMllpReceiver(Function<Received, Answer> script) throws IOException {
    this(0, script);
  }

  public ScriptedMllpReceiver(int port, Function<Received, Answer> script) throws IOException {
    this(port, ServerSocketFactory.getDefault(), script);
  }

  /** A receiver on {@code port} (0: any free one) whose sockets come from {@code sockets} (TLS or plain). */
  public ScriptedMllpReceiver(int port, ServerSocketFactory sockets, Function<Received, Answer> script) throws IOException {
    this.server = sockets.createServerSocket();
    server.setReuseAddress(true);
    server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    this.script = script;
    this.acceptor = new Thread(this::acceptLoop, "mllp-receiver");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static Answer accept() {
    return new Answer.Accept();
  }

  public static Answer error(AcknowledgmentCode code, ErrorCode error) {
    return new Answer.Error(code, error);
  }

  public static Answer hangUp() {
    return new Answer.HangUp();
  }

  /**
   * A script that refuses every message about {@code rejectedPatient} for its content (AE, required
   * field missing: the bridge parks it at once), NAKs the first attempt of each message about
   * {@code flakyPatient} with a passing error (AR: delivered on the retry) and accepts the rest.
   */
  public static Function<Received, Answer> refusingAndFailingOnce(String rejectedPatient, String flakyPatient) {
    java.util.Map<String, java.util.concurrent.atomic.AtomicInteger> attempts = new java.util.concurrent.ConcurrentHashMap<>();
    return r -> {
      if (r.patientId().equals(rejectedPatient)) {
        return error(AcknowledgmentCode.AE, ErrorCode.REQUIRED_FIELD_MISSING);
      }
      int attempt = attempts.computeIfAbsent(r.controlId(), id -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
      return r.patientId().equals(flakyPatient) && attempt == 1
          ? error(AcknowledgmentCode.AR, ErrorCode.APPLICATION_INTERNAL_ERROR) : accept();
    };
  }

  public int port() {
    return server.getLocalPort();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  /** The messages answered with AA, in the order they were accepted. */
  public List<Received> accepted() {
    return received.stream().filter(r -> r.answer() instanceof Answer.Accept).toList();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        open.add(socket);
        Thread t = new Thread(() -> serve(socket), "mllp-receiver-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket socket) {
    try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
      String text;
      while ((text = MllpConnection.readFrame(in)) != null) {
        Message message = Hl7Parsers.pipeParser().parse(text);
        Terser t = new Terser(message);
        String phase = t.get("/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(0)/OBX-5");
        for (int i = 0; i < 6; i++) {
          if ("68481".equals(t.get("/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(" + i + ")/OBX-3-1"))) {
            phase = t.get("/PATIENT_RESULT/ORDER_OBSERVATION/OBSERVATION(" + i + ")/OBX-5");
            break;
          }
        }
        String controlId = t.get("/MSH-10");
        int stateSeq = Integer.parseInt(controlId.substring(controlId.lastIndexOf('#') + 1));
        Received partial = new Received(controlId, t.get("/PATIENT_RESULT/PATIENT/PID-3-1"),
            t.get("/PATIENT_RESULT/ORDER_OBSERVATION/OBR-3-1"), stateSeq, phase, null, message);
        Answer answer = script.apply(partial);
        received.add(new Received(partial.controlId(), partial.patientId(), partial.alarmId(), stateSeq, phase, answer, message));
        if (answer instanceof Answer.HangUp) {
          return;
        }
        Message ack = answer instanceof Answer.Error e
            ? message.generateACK(e.code(), new HL7Exception("scripted " + e.error().name(), e.error()))
            : message.generateACK();
        out.write(MllpConnection.frame(Hl7Parsers.pipeParser().encode(ack)));
        out.flush();
      }
    } catch (IOException | HL7Exception e) {
      // the bridge closed the connection, or the test is over
    } finally {
      open.remove(socket);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
