package org.ecgstream.bridge.hl7;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One client connection speaking MLLP (HL7 v2 Minimal Lower Layer Protocol, release 2): each message
 * is framed as {@code <VT> message <FS><CR>}; the peer answers each with one framed acknowledgement.
 * Connects lazily, over TLS when a socket factory is given (with host name verification).
 *
 * <p>Not thread-safe: one per delivery lane. After any failure the caller closes it, so that a late
 * answer to a timed-out message is never read as the answer to the next one.
 */
public final class MllpConnection implements AutoCloseable {

  static final int START_BLOCK = 0x0B;
  static final int END_BLOCK = 0x1C;
  static final int CARRIAGE_RETURN = 0x0D;
  private static final int MAX_FRAME_BYTES = 1 << 20;

  private final String host;
  private final int port;
  private final SSLSocketFactory tls;
  private final Duration connectTimeout;
  private final Duration answerTimeout;
  private Socket socket;

  /** {@code tls} null for plain TCP. */
  public MllpConnection(String host, int port, SSLSocketFactory tls, Duration connectTimeout, Duration answerTimeout) {
    this.host = host;
    this.port = port;
    this.tls = tls;
    this.connectTimeout = connectTimeout;
    this.answerTimeout = answerTimeout;
  }

  /** Sends {@code message} and returns the peer's framed answer. */
  public String exchange(String message) throws IOException {
    Socket s = connected();
    OutputStream out = s.getOutputStream();
    out.write(frame(message));
    out.flush();
    return readFrame(s.getInputStream());
  }

  /** {@code message} with MLLP framing, UTF-8 (MSH-18 says UNICODE UTF-8). */
  public static byte[] frame(String message) {
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    byte[] framed = new byte[body.length + 3];
    framed[0] = START_BLOCK;
    System.arraycopy(body, 0, framed, 1, body.length);
    framed[body.length + 1] = END_BLOCK;
    framed[body.length + 2] = CARRIAGE_RETURN;
    return framed;
  }

  /** Reads one framed message, skipping anything before the start block; null at a clean end of stream. */
  public static String readFrame(InputStream in) throws IOException {
    int b;
    do {
      b = in.read();
      if (b < 0) {
        return null;
      }
    } while (b != START_BLOCK);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      b = in.read();
      if (b < 0) {
        throw new EOFException("MLLP peer closed the connection inside a frame");
      }
      if (b == END_BLOCK) {
        int next = in.read();
        if (next != CARRIAGE_RETURN) {
          throw new IOException("MLLP frame end block not followed by CR (got " + next + ")");
        }
        return body.toString(StandardCharsets.UTF_8);
      }
      if (body.size() >= MAX_FRAME_BYTES) {
        throw new IOException("MLLP frame longer than " + MAX_FRAME_BYTES + " bytes");
      }
      body.write(b);
    }
  }

  private Socket connected() throws IOException {
    if (socket != null && !socket.isClosed()) {
      return socket;
    }
    Socket plain = new Socket();
    try {
      plain.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
      plain.setSoTimeout((int) answerTimeout.toMillis());
      plain.setTcpNoDelay(true);
      if (tls == null) {
        socket = plain;
      } else {
        SSLSocket secure = (SSLSocket) tls.createSocket(plain, host, port, true);
        SSLParameters params = secure.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        secure.setSSLParameters(params);
        secure.startHandshake();
        socket = secure;
      }
      return socket;
    } catch (IOException e) {
      plain.close();
      throw e;
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a broken connection: nothing left to do
      }
      socket = null;
    }
  }
}
