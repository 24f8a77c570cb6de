package org.ecgstream.dashboard.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.ecgstream.dashboard.config.DashboardConfig;
import org.ecgstream.dashboard.http.DashboardServer;
import org.ecgstream.dashboard.kafka.AckPublisher;
import org.ecgstream.dashboard.push.EventHub;
import org.ecgstream.dashboard.ward.WardState;
import org.ecgstream.schemas.AlarmAck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenID Connect sign-in against a provider started inside the test: the browser's round trip
 * (dashboard -> provider -> dashboard) over real HTTP gives a session for the provider's user;
 * a forged state, a token signed with another key, for another client, with another nonce or
 * expired gives none.
 */
@Timeout(60)
class OidcSignInTest {

  @TempDir Path dir;
  private TestOidcProvider provider;
  private DashboardServer server;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    provider = new TestOidcProvider("ward-dashboard", "s3cret-for-tests", "dr.weber");
    Path secret = Files.writeString(dir.resolve("client-secret"), "s3cret-for-tests\n");
    DashboardConfig config = DashboardConfig.of(Map.of(
        "kafka.bootstrap", "localhost:9",
        "http.port", "0",
        "oidc.issuer", provider.issuer(),
        "oidc.client-id", "ward-dashboard",
        "oidc.client-secret", "file:" + secret));
    EventHub hub = new EventHub();
    WardState ward = new WardState(125, 250, hub::publish);
    hub.attach(ward);
    server = new DashboardServer(config, ward, hub, new AckPublisher() {
      @Override
      public void publish(AlarmAck ack) {}

      @Override
      public void close() {}
    }, Clock.systemUTC()).start();
    base = server.url();
  }

  @AfterEach
  void stop() {
    server.close();
    provider.close();
  }

  /** A browser's HTTP client: keeps cookies, follows nothing by itself. */
  private static HttpClient browser() {
    return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  private static HttpResponse<String> get(HttpClient c, URI uri) throws Exception {
    return c.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Start at the dashboard, through the provider, back to the dashboard's callback; returns the callback's response. */
  private HttpResponse<String> roundTrip(HttpClient c) throws Exception {
    HttpResponse<String> start = get(c, base.resolve("/oidc/start"));
    assertThat(start.statusCode()).isEqualTo(302);
    URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
    assertThat(authorize.toString()).startsWith(provider.issuer() + "/authorize?").contains("code_challenge=").contains("nonce=");
    HttpResponse<String> approved = get(c, authorize);
    assertThat(approved.statusCode()).isEqualTo(302);
    return get(c, URI.create(approved.headers().firstValue("Location").orElseThrow()));
  }

  @Test
  void signInThroughTheProviderGivesASessionForItsUser() throws Exception {
    assertThat(get(browser(), base.resolve("/login")).body()).contains("/oidc/start");
    HttpClient c = browser();
    HttpResponse<String> callback = roundTrip(c);
    assertThat(callback.statusCode()).isEqualTo(200);
    assertThat(callback.headers().allValues("Set-Cookie")).anySatisfy(v ->
        assertThat(v).startsWith("ecg_session=").contains("HttpOnly").containsIgnoringCase("SameSite=Strict"));
    HttpResponse<String> session = get(c, base.resolve("/api/session"));
    assertThat(session.statusCode()).isEqualTo(200);
    assertThat(session.body()).contains("\"user\":\"dr.weber\"");
  }

  @Test
  void callbackFromAnotherBrowserIsRefused() throws Exception {
    HttpClient victim = browser();
    HttpClient attacker = browser();
    HttpResponse<String> start = get(attacker, base.resolve("/oidc/start"));
    HttpResponse<String> approved = get(attacker, URI.create(start.headers().firstValue("Location").orElseThrow()));
    // The attacker's callback URL, opened in the victim's browser (login CSRF): no state cookie there.
    HttpResponse<String> callback = get(victim, URI.create(approved.headers().firstValue("Location").orElseThrow()));
    assertThat(callback.statusCode()).isEqualTo(403);
    assertThat(get(victim, base.resolve("/api/session")).statusCode()).isEqualTo(401);
  }

  @Test
  void idTokensThatDoNotCheckOutGiveNoSession() throws Exception {
    for (TestOidcProvider.Spoil spoil : new TestOidcProvider.Spoil[] {TestOidcProvider.Spoil.FOREIGN_KEY,
        TestOidcProvider.Spoil.WRONG_AUDIENCE, TestOidcProvider.Spoil.WRONG_NONCE, TestOidcProvider.Spoil.EXPIRED}) {
      provider.spoil = spoil;
      HttpClient c = browser();
      HttpResponse<String> callback = roundTrip(c);
      assertThat(callback.statusCode()).as(spoil.name()).isEqualTo(403);
      assertThat(get(c, base.resolve("/api/session")).statusCode()).as(spoil.name()).isEqualTo(401);
    }
    assertThat(provider.tokenRequests).isEqualTo(4);
  }
}
