package org.ecgstream.dashboard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.ecgstream.dashboard.auth.PasswordHasher;
import org.ecgstream.dashboard.config.DashboardConfig;
import org.ecgstream.dashboard.push.EventHub;
import org.ecgstream.dashboard.ward.WardState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** With a key store configured the dashboard serves HTTPS only, and its session cookie is Secure and __Host-. */
@Timeout(60)
class DashboardTlsTest {

  @TempDir Path dir;

  @Test
  void keystoreTurnsOnHttpsOnlyWithSecureHostPrefixedCookieAndHsts() throws Exception {
    String password = "test-" + Long.toHexString(System.nanoTime());
    Path passwordFile = Files.writeString(dir.resolve("store-password"), password + "\n");
    Path keyStore = dir.resolve("server.p12");
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
        "-storepass", password);
    DashboardConfig config = DashboardConfig.of(Map.of(
        "kafka.bootstrap", "localhost:9",
        "http.port", "0",
        "tls.keystore", keyStore.toString(),
        "tls.keystore-password", "file:" + passwordFile,
        "user.nurse.kim", new PasswordHasher(10_000).hash("Corr3ct-horse".toCharArray())));
    EventHub hub = new EventHub();
    WardState ward = new WardState(125, 250, hub::publish);
    hub.attach(ward);
    try (DashboardServer server = new DashboardServer(config, ward, hub, new RecordingAckPublisher(), Clock.systemUTC()).start()) {
      URI base = server.url();
      assertThat(base.getScheme()).isEqualTo("https");
      HttpClient https = HttpClient.newBuilder().sslContext(trusting(keyStore, password)).cookieHandler(new CookieManager())
          .followRedirects(HttpClient.Redirect.NEVER).build();
      HttpResponse<String> signIn = https.send(HttpRequest.newBuilder(base.resolve("/login"))
          .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "https://" + base.getAuthority())
          .POST(HttpRequest.BodyPublishers.ofString("username=nurse.kim&password=Corr3ct-horse")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(signIn.statusCode()).isEqualTo(303);
      assertThat(signIn.headers().firstValue("Set-Cookie")).hasValueSatisfying(c ->
          assertThat(c).startsWith("__Host-ecg_session=").contains("Secure").contains("HttpOnly").containsIgnoringCase("SameSite=Strict"));
      assertThat(signIn.headers().firstValue("Strict-Transport-Security")).isPresent();
      assertThat(https.send(HttpRequest.newBuilder(base.resolve("/api/session")).build(), HttpResponse.BodyHandlers.ofString())
          .statusCode()).isEqualTo(200);

      URI plain = URI.create("http://" + base.getAuthority() + "/login");
      assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(plain).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
    }
  }

  @Test
  void literalKeystorePasswordIsRefused() {
    assertThatThrownBy(() -> DashboardConfig.of(Map.of("kafka.bootstrap", "localhost:9", "tls.keystore", "/etc/hosts",
        "tls.keystore-password", "hunter2", "user.a", new PasswordHasher(10_000).hash("x".toCharArray()))))
        .hasMessageContaining("tls.keystore-password").hasMessageContaining("env:NAME or file:PATH");
  }

  private static SSLContext trusting(Path keyStore, String password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(keyStore.toFile())) {
      store.load(in, password.toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool failed: " + out);
    }
  }
}
