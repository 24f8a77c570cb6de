package org.ecgstream.local.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium driven over the Chrome DevTools Protocol with the JDK's own WebSocket
 * client (no browser-automation dependency): navigate, evaluate JavaScript, click, screenshot.
 */
final class HeadlessChromium implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Process process;
  private final Path profile;
  private final WebSocket page;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

  private HeadlessChromium(Process process, Path profile, WebSocket page) {
    this.process = process;
    this.profile = profile;
    this.page = page;
  }

  static HeadlessChromium launch(int width, int height) throws Exception {
    Path profile = Files.createTempDirectory("ecg-chromium-");
    Process process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=" + width + "," + height,
        "--hide-scrollbars", "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      String browserUrl = awaitDevToolsUrl(process, Duration.ofSeconds(30));
      URI browser = URI.create(browserUrl);
      HttpClient http = HttpClient.newHttpClient();
      String pageUrl = null;
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (pageUrl == null && System.nanoTime() < end) {
        String list = http.send(HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority() + "/json/list")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        for (JsonNode target : JSON.readTree(list)) {
          if (target.path("type").asText().equals("page")) {
            pageUrl = target.path("webSocketDebuggerUrl").asText();
          }
        }
        if (pageUrl == null) {
          Thread.sleep(100); // the first tab is being created; ask again
        }
      }
      if (pageUrl == null) {
        throw new IllegalStateException("Chromium opened no page target");
      }
      HeadlessChromium[] self = new HeadlessChromium[1];
      StringBuilder partial = new StringBuilder();
      WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), new WebSocket.Listener() {
        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
          partial.append(data);
          if (last) {
            self[0].received(partial.toString());
            partial.setLength(0);
          }
          webSocket.request(1);
          return null;
        }
      }).get(10, TimeUnit.SECONDS);
      self[0] = new HeadlessChromium(process, profile, ws);
      return self[0];
    } catch (Exception e) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      throw e;
    }
  }

  private static String awaitDevToolsUrl(Process process, Duration deadline) throws Exception {
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = err.readLine()) != null) {
          Matcher m = DEVTOOLS.matcher(line);
          if (m.find()) {
            url.complete(m.group(1));
          }
        }
        url.completeExceptionally(new IllegalStateException("Chromium exited without a DevTools address"));
      } catch (IOException e) {
        url.completeExceptionally(e);
      }
    }, "chromium-stderr");
    reader.setDaemon(true);
    reader.start();
    return url.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void received(String message) {
    try {
      JsonNode node = JSON.readTree(message);
      if (node.has("id")) {
        CompletableFuture<JsonNode> f = pending.remove(node.get("id").asInt());
        if (f != null) {
          if (node.has("error")) {
            f.completeExceptionally(new IllegalStateException("DevTools: " + node.get("error")));
          } else {
            f.complete(node.path("result"));
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("unreadable DevTools message", e);
    }
  }

  /** Sends one DevTools command and waits for its result. */
  JsonNode send(String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> result = new CompletableFuture<>();
    pending.put(id, result);
    ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
    command.set("params", JSON.valueToTree(params));
    page.sendText(JSON.writeValueAsString(command), true).get(10, TimeUnit.SECONDS);
    return result.get(30, TimeUnit.SECONDS);
  }

  void navigate(URI url) throws Exception {
    send("Page.navigate", Map.of("url", url.toString()));
  }

  /** The value of a JavaScript expression in the page (promises awaited). */
  JsonNode evaluate(String expression) throws Exception {
    JsonNode r = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException("page script failed: " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** Waits until the expression is true in the page; fails with {@code describe}'s value when it is not. */
  /** Signs in on the dashboard at {@code base} through its form and waits for the live ward view. */
  void signIn(URI base, String user, String password, Duration deadline) throws Exception {
    navigate(base.resolve("/login"));
    awaitTrue("!!document.getElementById('username')", deadline, "document.title");
    evaluate("document.getElementById('username').value = " + JSON.writeValueAsString(user) + ";"
        + "document.getElementById('password').value = " + JSON.writeValueAsString(password) + ";"
        + "document.querySelector('form').submit(); true");
    awaitTrue("location.pathname === '/' && document.getElementById('status').textContent === 'live'", deadline,
        "location.href + ' ' + document.body.innerText.slice(0, 200)");
  }

  void awaitTrue(String expression, Duration deadline, String describe) throws Exception {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      JsonNode v;
      try {
        v = evaluate(expression);
      } catch (IllegalStateException e) {
        v = null; // the page is loading; try again
      }
      if (v != null && v.asBoolean(false)) {
        return;
      }
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + deadline + ": " + expression + "; page shows: " + evaluate(describe));
      }
      Thread.sleep(100); // polling interval; the page decides
    }
  }

  /** A real mouse click (pressed and released) at the centre of the first element matching {@code selector}. */
  void click(String selector) throws Exception {
    JsonNode box = evaluate("(() => { const r = document.querySelector(" + JSON.writeValueAsString(selector)
        + ").getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()");
    double x = box.get("x").asDouble();
    double y = box.get("y").asDouble();
    for (String type : List.of("mouseMoved", "mousePressed", "mouseReleased")) {
      send("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button", "left", "clickCount", 1));
    }
  }

  void screenshot(Path png) throws Exception {
    write(png, send("Page.captureScreenshot", Map.of("format", "png")));
  }

  /** A screenshot of the page's top-left {@code width} x {@code height} CSS pixels only. */
  void screenshot(Path png, int width, int height) throws Exception {
    write(png, send("Page.captureScreenshot", Map.of("format", "png",
        "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1))));
  }

  private static void write(Path png, JsonNode captured) throws IOException {
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.write(png, Base64.getDecoder().decode(captured.get("data").asText()));
  }

  @Override
  public void close() {
    try {
      send("Browser.close", Map.of());
    } catch (Exception e) {
      // the browser may already be gone; the process is ended below either way
    }
    page.abort();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary profile left behind is harmless
    }
  }
}
