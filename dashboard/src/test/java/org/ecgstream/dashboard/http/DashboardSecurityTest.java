package org.ecgstream.dashboard.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ecgstream.dashboard.MutableClock;
import org.ecgstream.dashboard.auth.PasswordHasher;
import org.ecgstream.dashboard.config.DashboardConfig;
import org.ecgstream.dashboard.push.EventHub;
import org.ecgstream.dashboard.TestAlarms;
import org.ecgstream.dashboard.ward.WardState;
import org.ecgstream.schemas.AlarmAck;
import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The dashboard's security over real HTTP: a Jetty server on a free port, requests from the JDK's client. */
@Timeout(60)
class DashboardSecurityTest {

  private static final String PASSWORD = "Corr3ct-horse-battery";
  private static final String HASH = new PasswordHasher(10_000).hash(PASSWORD.toCharArray());

  private final MutableClock clock = new MutableClock(System.currentTimeMillis());
  private final RecordingAckPublisher acks = new RecordingAckPublisher();
  private DashboardServer server;
  private WardState ward;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    Map<String, String> values = new HashMap<>();
    values.put("kafka.bootstrap", "localhost:9"); // the server itself never talks to Kafka
    values.put("http.port", "0");
    values.put("user.nurse.kim", HASH);
    values.put("signin.max-failures", "3");
    values.put("session.idle-timeout-ms", "600000");
    values.put("session.absolute-timeout-ms", "3600000");
    DashboardConfig config = DashboardConfig.of(values);
    EventHub hub = new EventHub();
    ward = new WardState(125, 250, hub::publish);
    hub.attach(ward);
    server = new DashboardServer(config, ward, hub, acks, clock).start();
    base = server.url();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpClient client() {
    return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  private HttpResponse<String> get(HttpClient c, String path) throws Exception {
    return c.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(HttpClient c, String path, String origin, String csrf) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.noBody());
    if (origin != null) {
      b.header("Origin", origin);
    }
    if (csrf != null) {
      b.header("X-CSRF-Token", csrf);
    }
    return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> signIn(HttpClient c, String user, String password) throws Exception {
    String form = "username=" + user + "&password=" + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8);
    return c.send(HttpRequest.newBuilder(base.resolve("/login")).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", origin())
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private String origin() {
    return "http://" + base.getAuthority();
  }

  private void raiseAsystole() {
    ward.onAlarm(TestAlarms.change("alarm-1", 0, AlarmState.RAISED, AlarmPriority.HIGH, clock.millis()));
  }

  @Test
  void withoutASessionEveryPageStreamAndAcknowledgementIsRefused() throws Exception {
    raiseAsystole();
    HttpClient c = client();
    for (String page : List.of("/", "/ward", "/bed?bed=bed-alarm-1", "/static/app.js", "/static/style.css", "/static/ward.html")) {
      HttpResponse<String> r = get(c, page);
      assertThat(r.statusCode()).as(page).isEqualTo(303);
      assertThat(r.headers().firstValue("Location")).as(page).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
      assertThat(r.body()).as(page).doesNotContain("EventSource");
    }
    assertThat(get(c, "/api/events").statusCode()).isEqualTo(401);
    assertThat(get(c, "/api/events?bed=bed-alarm-1").statusCode()).isEqualTo(401);
    assertThat(get(c, "/api/session").statusCode()).isEqualTo(401);
    assertThat(post(c, "/api/alarms/alarm-1/ack", origin(), "guess").statusCode()).isEqualTo(401);
    // A forged cookie is no session either.
    HttpResponse<String> forged = c.send(HttpRequest.newBuilder(base.resolve("/api/events"))
        .header("Cookie", "ecg_session=forged").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(acks.acks).isEmpty();
    // Only the sign-in page and its style are open.
    assertThat(get(c, "/login").statusCode()).isEqualTo(200);
    assertThat(get(c, "/static/login.css").statusCode()).isEqualTo(200);
  }

  @Test
  void signInSetsAStrictHttpOnlyCookieAndOpensThePages() throws Exception {
    HttpClient c = client();
    HttpResponse<String> r = signIn(c, "nurse.kim", PASSWORD);
    assertThat(r.statusCode()).isEqualTo(303);
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith("ecg_session=").contains("HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Path=/");
    assertThat(cookie).doesNotContain(PASSWORD);
    HttpResponse<String> page = get(c, "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("app.js");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("frame-ancestors 'none'"));
    assertThat(get(c, "/api/session").body()).contains("\"user\":\"nurse.kim\"");
  }

  @Test
  void wrongPasswordIsRefusedAndRepeatedFailuresAreRateLimited() throws Exception {
    HttpClient c = client();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = signIn(c, "nurse.kim", "wrong-" + i);
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
      assertThat(r.body()).contains("Wrong user name or password");
    }
    HttpResponse<String> limited = signIn(c, "nurse.kim", PASSWORD);
    assertThat(limited.statusCode()).as("even the right password waits out the lock").isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    assertThat(limited.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(get(c, "/api/session").statusCode()).isEqualTo(401);
    clock.advance(Duration.ofMinutes(16));
    assertThat(signIn(c, "nurse.kim", PASSWORD).statusCode()).isEqualTo(303);
  }

  @Test
  void signInFromAnotherOriginIsRefused() throws Exception {
    HttpClient c = client();
    HttpResponse<String> r = c.send(HttpRequest.newBuilder(base.resolve("/login"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "https://evil.example")
        .POST(HttpRequest.BodyPublishers.ofString("username=nurse.kim&password=" + PASSWORD)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void acknowledgementNeedsTheCsrfTokenAndOriginAndCarriesTheUser() throws Exception {
    raiseAsystole();
    HttpClient c = client();
    signIn(c, "nurse.kim", PASSWORD);
    String csrf = csrfToken(get(c, "/api/session").body());
    assertThat(post(c, "/api/alarms/alarm-1/ack", origin(), null).statusCode()).as("no token").isEqualTo(403);
    assertThat(post(c, "/api/alarms/alarm-1/ack", origin(), "wrong").statusCode()).as("wrong token").isEqualTo(403);
    assertThat(post(c, "/api/alarms/alarm-1/ack", "https://evil.example", csrf).statusCode()).as("other origin").isEqualTo(403);
    assertThat(post(c, "/api/alarms/alarm-1/ack", null, csrf).statusCode()).as("no origin").isEqualTo(403);
    assertThat(acks.acks).isEmpty();
    assertThat(post(c, "/api/alarms/no-such/ack", origin(), csrf).statusCode()).isEqualTo(404);

    HttpResponse<String> ok = post(c, "/api/alarms/alarm-1/ack", origin(), csrf);
    assertThat(ok.statusCode()).isEqualTo(202);
    assertThat(ok.body()).contains("\"ackRequestedBy\":\"nurse.kim\"");
    assertThat(acks.acks).singleElement().satisfies(a -> {
      assertThat(a.getAlarmId()).isEqualTo("alarm-1");
      assertThat(a.getPatientId()).isEqualTo("p-alarm-1");
      assertThat(a.getAcknowledgedBy()).isEqualTo("nurse.kim");
      assertThat(a.getSource()).isEqualTo("dashboard");
      assertThat(a.getAcknowledgedAtMillis()).isEqualTo(clock.millis());
    });
  }

  @Test
  void sessionExpiresWhenIdleAndAfterSignOut() throws Exception {
    HttpClient c = client();
    signIn(c, "nurse.kim", PASSWORD);
    assertThat(get(c, "/api/session").statusCode()).isEqualTo(200);
    clock.advance(Duration.ofMinutes(10));
    assertThat(get(c, "/api/session").statusCode()).isEqualTo(401);
    assertThat(get(c, "/").statusCode()).isEqualTo(303);

    signIn(c, "nurse.kim", PASSWORD);
    assertThat(get(c, "/api/session").statusCode()).isEqualTo(200);
    assertThat(post(c, "/logout", origin(), null).statusCode()).isEqualTo(303);
    assertThat(get(c, "/api/session").statusCode()).isEqualTo(401);
  }

  @Test
  void signedInStreamStartsWithASnapshotOfTheActiveAlarms() throws Exception {
    raiseAsystole();
    HttpClient c = client();
    signIn(c, "nurse.kim", PASSWORD);
    HttpResponse<InputStream> r = c.send(HttpRequest.newBuilder(base.resolve("/api/events")).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    try (InputStream in = r.body()) {
      StringBuilder seen = new StringBuilder();
      byte[] buf = new byte[4096];
      while (!seen.toString().contains("alarm-1")) {
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
      }
      assertThat(seen.toString()).contains("event: snapshot").contains("\"alarmId\":\"alarm-1\"").contains("\"user\":\"nurse.kim\"");
    }
  }

  private static String csrfToken(String sessionJson) {
    Matcher m = Pattern.compile("\"csrfToken\":\"([^\"]+)\"").matcher(sessionJson);
    assertThat(m.find()).as(sessionJson).isTrue();
    return m.group(1);
  }
}
