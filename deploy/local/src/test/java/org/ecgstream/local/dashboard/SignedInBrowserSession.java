package org.ecgstream.local.dashboard;

import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a browser does against the dashboard, over HTTP from the JDK's client: sign in, read the stream, acknowledge. */
final class SignedInBrowserSession {

  private final URI base;
  private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
      .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
  private String csrfToken;

  private SignedInBrowserSession(URI base) {
    this.base = base;
  }

  static SignedInBrowserSession signIn(URI base, String user, String password) throws Exception {
    SignedInBrowserSession s = new SignedInBrowserSession(base);
    String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
    HttpResponse<String> r = s.http.send(HttpRequest.newBuilder(base.resolve("/login"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", s.origin())
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 303) {
      throw new AssertionError("sign-in refused: HTTP " + r.statusCode());
    }
    String session = s.http.send(HttpRequest.newBuilder(base.resolve("/api/session")).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = Pattern.compile("\"csrfToken\":\"([^\"]+)\"").matcher(session);
    if (!m.find()) {
      throw new AssertionError("no CSRF token in " + session);
    }
    s.csrfToken = m.group(1);
    return s;
  }

  String origin() {
    return "http://" + base.getAuthority();
  }

  /** The event stream (ward view when {@code bed} is null). */
  InputStream events(String bed) throws Exception {
    String path = bed == null ? "/api/events" : "/api/events?bed=" + URLEncoder.encode(bed, StandardCharsets.UTF_8);
    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    if (r.statusCode() != 200) {
      throw new AssertionError("event stream refused: HTTP " + r.statusCode());
    }
    return r.body();
  }

  HttpResponse<String> acknowledge(String alarmId) throws Exception {
    return http.send(HttpRequest.newBuilder(base.resolve("/api/alarms/" + alarmId + "/ack"))
        .header("Origin", origin()).header("X-CSRF-Token", csrfToken)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }
}
