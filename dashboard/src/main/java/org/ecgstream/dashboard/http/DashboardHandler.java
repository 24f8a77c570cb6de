package org.ecgstream.dashboard.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.ecgstream.dashboard.auth.Session;
import org.ecgstream.dashboard.auth.SessionStore;
import org.ecgstream.dashboard.auth.SignInThrottle;
import org.ecgstream.dashboard.auth.UserDirectory;
import org.ecgstream.dashboard.auth.oidc.OidcSignIn;
import org.ecgstream.dashboard.kafka.AckPublisher;
import org.ecgstream.dashboard.metrics.DashboardMetrics;
import org.ecgstream.dashboard.push.ClientStream;
import org.ecgstream.dashboard.push.EventHub;
import org.ecgstream.dashboard.push.EventSink;
import org.ecgstream.dashboard.ward.AlarmView;
import org.ecgstream.dashboard.ward.WardState;
import org.ecgstream.schemas.AlarmAck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every route of the dashboard. Only the sign-in page and its form are open; every other page, the
 * event stream and the acknowledge call need a live session (pages redirect to sign-in, API calls
 * get 401). An acknowledgement also needs the session's CSRF token in a header and an Origin equal
 * to the dashboard's own; the session cookie is HttpOnly and SameSite=Strict (and Secure under TLS).
 */
final class DashboardHandler extends Handler.Abstract {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String CSRF_HEADER = "X-CSRF-Token";
  private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

  private final UserDirectory users;
  private final SessionStore sessions;
  private final SignInThrottle throttle;
  private final WardState ward;
  private final EventHub hub;
  private final AckPublisher acks;
  private final boolean tls;
  private final String publicOrigin;
  private final int clientQueueEvents;
  private final Clock clock;
  private final String cookieName;
  private final StaticPages pages = new StaticPages();
  private final OidcSignIn oidc;
  private final String oidcCookieName;
  private final DashboardMetrics metrics;

  DashboardHandler(UserDirectory users, SessionStore sessions, SignInThrottle throttle, WardState ward, EventHub hub,
      AckPublisher acks, boolean tls, String publicOrigin, int clientQueueEvents, Clock clock, OidcSignIn oidc,
      DashboardMetrics metrics) {
    this.oidc = oidc;
    this.metrics = metrics;
    this.oidcCookieName = tls ? "__Host-ecg_oidc_state" : "ecg_oidc_state";
    this.users = users;
    this.sessions = sessions;
    this.throttle = throttle;
    this.ward = ward;
    this.hub = hub;
    this.acks = acks;
    this.tls = tls;
    this.publicOrigin = publicOrigin;
    this.clientQueueEvents = clientQueueEvents;
    this.clock = clock;
    // The __Host- prefix makes browsers refuse the cookie unless Secure, host-only and Path=/.
    this.cookieName = tls ? "__Host-ecg_session" : "ecg_session";
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    securityHeaders(response);
    String path = Request.getPathInContext(request);
    String method = request.getMethod();
    if (path.equals("/login")) {
      if (method.equals("GET")) {
        loginPage(response, callback, HttpStatus.OK_200, "");
      } else if (method.equals("POST")) {
        signIn(request, response, callback);
      } else {
        Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
      }
      return true;
    }
    if (oidc != null && method.equals("GET") && path.equals("/oidc/start")) {
      startSingleSignOn(request, response, callback);
      return true;
    }
    if (oidc != null && method.equals("GET") && path.equals("/oidc/callback")) {
      finishSingleSignOn(request, response, callback);
      return true;
    }
    if (method.equals("GET") && path.equals("/static/login.css")) {
      page(response, callback, "login.css", HttpStatus.OK_200); // the sign-in page's own style, nothing else is open
      return true;
    }
    Optional<Session> session = sessionOf(request);
    if (session.isEmpty()) {
      if (path.startsWith("/api/")) {
        json(response, callback, HttpStatus.UNAUTHORIZED_401, Map.of("error", "sign in first"));
      } else {
        Response.sendRedirect(request, response, callback, HttpStatus.SEE_OTHER_303, "/login", true);
      }
      return true;
    }
    Session s = session.get();
    if (method.equals("GET") && (path.equals("/") || path.equals("/ward"))) {
      page(response, callback, "ward.html", HttpStatus.OK_200);
    } else if (method.equals("GET") && path.equals("/bed")) {
      page(response, callback, "bed.html", HttpStatus.OK_200);
    } else if (method.equals("GET") && path.startsWith("/static/")) {
      page(response, callback, path.substring("/static/".length()), HttpStatus.OK_200);
    } else if (method.equals("GET") && path.equals("/api/events")) {
      stream(request, response, callback, s);
    } else if (method.equals("GET") && path.equals("/api/session")) {
      json(response, callback, HttpStatus.OK_200, Map.of("user", s.user(), "csrfToken", s.csrfToken()));
    } else if (method.equals("POST") && path.startsWith("/api/alarms/") && path.endsWith("/ack")) {
      acknowledge(request, response, callback, s, path.substring("/api/alarms/".length(), path.length() - "/ack".length()));
    } else if (method.equals("POST") && path.equals("/logout")) {
      if (!sameOrigin(request)) {
        json(response, callback, HttpStatus.FORBIDDEN_403, Map.of("error", "cross-origin request refused"));
        return true;
      }
      sessions.close(s.id());
      hub.closeSession(s.id());
      Response.addCookie(response, sessionCookie("", Duration.ZERO));
      LOG.info("event=dashboard_sign_out");
      Response.sendRedirect(request, response, callback, HttpStatus.SEE_OTHER_303, "/login", true);
    } else {
      Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
    }
    return true;
  }

  private void signIn(Request request, Response response, Callback callback) throws Exception {
    String address = Request.getRemoteAddr(request);
    if (!sameOrigin(request)) {
      json(response, callback, HttpStatus.FORBIDDEN_403, Map.of("error", "cross-origin request refused"));
      return;
    }
    Fields form = FormFields.getFields(request, 4, 4096);
    String user = form.getValue("username");
    String password = form.getValue("password");
    Duration wait = throttle.retryAfter(user, address);
    if (!wait.isZero() && !wait.isNegative()) {
      LOG.info("event=dashboard_sign_in_throttled");
      metrics.signIn(DashboardMetrics.SignIn.THROTTLED);
      response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(Math.max(1, wait.toSeconds())));
      loginPage(response, callback, HttpStatus.TOO_MANY_REQUESTS_429, "Too many failed sign-ins; try again in a few minutes.");
      return;
    }
    if (user == null || password == null || !users.verify(user, password.toCharArray())) {
      throttle.failed(user, address);
      LOG.info("event=dashboard_sign_in_refused");
      metrics.signIn(DashboardMetrics.SignIn.REFUSED);
      loginPage(response, callback, HttpStatus.UNAUTHORIZED_401, "Wrong user name or password.");
      return;
    }
    throttle.succeeded(user);
    Session session = sessions.open(user);
    Response.addCookie(response, sessionCookie(session.id(), null));
    LOG.info("event=dashboard_sign_in user={}", user);
    metrics.signIn(DashboardMetrics.SignIn.OK);
    Response.sendRedirect(request, response, callback, HttpStatus.SEE_OTHER_303, "/", true);
  }

  private void startSingleSignOn(Request request, Response response, Callback callback) {
    try {
      OidcSignIn.Start start = oidc.begin(URI.create(expectedOrigin(request) + "/oidc/callback"));
      // Lax, not Strict: the provider's redirect back is a cross-site navigation that must carry it.
      Response.addCookie(response, HttpCookie.build(oidcCookieName, start.state()).path("/").httpOnly(true).secure(tls)
          .sameSite(HttpCookie.SameSite.LAX).maxAge(600).build());
      Response.sendRedirect(request, response, callback, HttpStatus.FOUND_302, start.authorizationUri().toString(), false);
    } catch (Exception e) {
      LOG.warn("event=dashboard_oidc_unavailable error={}", e.toString());
      loginPage(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "Single sign-on is not reachable; try again or use a local account.");
    }
  }

  private void finishSingleSignOn(Request request, Response response, Callback callback) {
    String address = Request.getRemoteAddr(request);
    if (throttle.retryAfter(OIDC_THROTTLE_USER, address).toMillis() > 0) {
      metrics.signIn(DashboardMetrics.SignIn.THROTTLED);
      loginPage(response, callback, HttpStatus.TOO_MANY_REQUESTS_429, "Too many failed sign-ins; try again in a few minutes.");
      return;
    }
    Fields query = Request.extractQueryParameters(request);
    String bound = null;
    for (HttpCookie c : Request.getCookies(request)) {
      if (c.getName().equals(oidcCookieName)) {
        bound = c.getValue();
      }
    }
    Response.addCookie(response, HttpCookie.build(oidcCookieName, "").path("/").httpOnly(true).secure(tls)
        .sameSite(HttpCookie.SameSite.LAX).maxAge(0).build());
    String user;
    try {
      user = oidc.finish(query.getValue("state"), bound, query.getValue("code"));
    } catch (Exception e) {
      throttle.failed(OIDC_THROTTLE_USER, address);
      LOG.info("event=dashboard_oidc_refused reason={}", e.getMessage());
      metrics.signIn(DashboardMetrics.SignIn.REFUSED);
      loginPage(response, callback, HttpStatus.FORBIDDEN_403, "Single sign-on failed.");
      return;
    }
    Session session = sessions.open(user);
    Response.addCookie(response, sessionCookie(session.id(), null));
    LOG.info("event=dashboard_sign_in user={} via=oidc", user);
    metrics.signIn(DashboardMetrics.SignIn.OK);
    // A page that moves on by itself rather than a redirect: after the provider's cross-site redirect,
    // a redirect would still count as cross-site and the browser would hold back the Strict cookie.
    response.setStatus(HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
    response.write(true, ByteBuffer.wrap(SIGNED_IN_PAGE.getBytes(StandardCharsets.UTF_8)), callback);
  }

  private static final String OIDC_THROTTLE_USER = "(single sign-on)";
  private static final String SIGNED_IN_PAGE = "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
      + "<meta http-equiv=\"refresh\" content=\"0;url=/\"><title>signed in</title></head>"
      + "<body><a href=\"/\">Continue to the ward</a></body></html>";

  private String expectedOrigin(Request request) {
    return !publicOrigin.isEmpty() ? publicOrigin : (tls ? "https://" : "http://") + request.getHeaders().get(HttpHeader.HOST);
  }

  private void acknowledge(Request request, Response response, Callback callback, Session s, String alarmId) throws IOException {
    String token = request.getHeaders().get(CSRF_HEADER);
    if (!sameOrigin(request) || token == null
        || !java.security.MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), s.csrfToken().getBytes(StandardCharsets.UTF_8))) {
      LOG.info("event=dashboard_ack_refused reason=csrf");
      metrics.ack(DashboardMetrics.Ack.REFUSED);
      json(response, callback, HttpStatus.FORBIDDEN_403, Map.of("error", "missing or wrong CSRF token or Origin"));
      return;
    }
    Optional<AlarmView> alarm = ward.alarm(alarmId);
    if (alarm.isEmpty() || !alarm.get().active()) {
      metrics.ack(DashboardMetrics.Ack.REFUSED);
      json(response, callback, HttpStatus.NOT_FOUND_404, Map.of("error", "no active alarm " + alarmId));
      return;
    }
    AlarmAck ack = AlarmAck.newBuilder()
        .setAlarmId(alarmId)
        .setPatientId(alarm.get().patientId())
        .setAcknowledgedBy(s.user())
        .setAcknowledgedAtMillis(clock.millis())
        .setSource("dashboard")
        .build();
    try {
      acks.publish(ack);
    } catch (Exception e) {
      LOG.warn("event=dashboard_ack_failed alarm={} error={}", alarmId, e.toString());
      metrics.ack(DashboardMetrics.Ack.FAILED);
      json(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, Map.of("error", "acknowledgement not recorded, try again"));
      return;
    }
    LOG.info("event=dashboard_ack alarm={} user={}", alarmId, s.user());
    metrics.ack(DashboardMetrics.Ack.SENT);
    AlarmView view = ward.ackRequested(alarmId, s.user()).orElse(alarm.get());
    json(response, callback, HttpStatus.ACCEPTED_202, view);
  }

  private void stream(Request request, Response response, Callback callback, Session s) {
    String bed = Request.extractQueryParameters(request).getValue("bed");
    ClientStream.View view = bed == null || bed.isBlank() ? ClientStream.View.WARD : new ClientStream.View(bed);
    response.setStatus(HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    AtomicBoolean done = new AtomicBoolean();
    EventSink sink = new EventSink() {
      @Override
      public void write(String chunk, Runnable written, Consumer<Throwable> failed) {
        response.write(false, ByteBuffer.wrap(chunk.getBytes(StandardCharsets.UTF_8)), Callback.from(written, failed));
      }

      @Override
      public void close() {
        if (done.compareAndSet(false, true)) {
          // Aborting rather than completing: a write may be in flight, and the browser reconnects either way.
          callback.failed(new IOException("event stream closed by the dashboard"));
        }
      }
    };
    ClientStream client = new ClientStream(s.id(), view, sink, clientQueueEvents, hub::closed);
    hub.add(client);
    Map<String, Object> snapshot = new LinkedHashMap<>(ward.snapshot());
    snapshot.put("user", s.user());
    snapshot.put("csrfToken", s.csrfToken());
    snapshot.put("view", view.ward() ? "ward" : view.bedKey());
    client.offer("retry: 2000\n\n");
    client.offer(EventHub.event("snapshot", snapshot));
  }

  private Optional<Session> sessionOf(Request request) {
    for (HttpCookie c : Request.getCookies(request)) {
      if (c.getName().equals(cookieName)) {
        return sessions.use(c.getValue());
      }
    }
    return Optional.empty();
  }

  /** The Origin header, when sent, must be the dashboard's own; a state-changing call must send one. */
  private boolean sameOrigin(Request request) {
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin == null) {
      return false;
    }
    return origin.equalsIgnoreCase(expectedOrigin(request));
  }

  private HttpCookie sessionCookie(String value, Duration maxAge) {
    HttpCookie.Builder b = HttpCookie.build(cookieName, value)
        .path("/")
        .httpOnly(true)
        .secure(tls)
        .sameSite(HttpCookie.SameSite.STRICT);
    if (maxAge != null) {
      b.maxAge(maxAge.toSeconds());
    }
    return b.build();
  }

  private void securityHeaders(Response response) {
    response.getHeaders().put("Content-Security-Policy", CSP);
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("X-Frame-Options", "DENY");
    // same-origin, not no-referrer: under no-referrer browsers send "Origin: null" with form posts, and the Origin check needs the real one.
    response.getHeaders().put("Referrer-Policy", "same-origin");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    if (tls) {
      response.getHeaders().put(HttpHeader.STRICT_TRANSPORT_SECURITY, "max-age=31536000");
    }
  }

  private void page(Response response, Callback callback, String name, int status) {
    StaticPages.Page page = pages.get(name);
    if (page == null) {
      response.setStatus(HttpStatus.NOT_FOUND_404);
      response.write(true, ByteBuffer.allocate(0), callback);
      return;
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, page.contentType());
    response.write(true, ByteBuffer.wrap(page.body()), callback);
  }

  /** The sign-in page with a fixed message (never echoing input). */
  private void loginPage(Response response, Callback callback, int status, String message) {
    String html = new String(pages.get("login.html").body(), StandardCharsets.UTF_8).replace("<!--message-->", message)
        .replace("<!--sso-->", oidc == null ? "" : "<p><a href=\"/oidc/start\" id=\"sso\">Sign in with single sign-on</a></p>");
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
    response.write(true, ByteBuffer.wrap(html.getBytes(StandardCharsets.UTF_8)), callback);
  }

  private static void json(Response response, Callback callback, int status, Object body) throws IOException {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(body)), callback);
  }
}
