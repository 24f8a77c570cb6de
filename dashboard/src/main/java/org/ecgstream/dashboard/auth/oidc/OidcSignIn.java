package org.ecgstream.dashboard.auth.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenID Connect sign-in, authorization-code flow with PKCE (RFC 7636): the provider's endpoints
 * come from its discovery document; the code is exchanged at the token endpoint with the client
 * secret (client_secret_basic); the ID token's signature is checked against the provider's JWKS
 * with nimbus-jose-jwt, and its issuer, audience (this client), expiry and nonce are checked
 * (OpenID Connect Core 1.0, 3.1.3.7). The user is the configured claim of the ID token.
 *
 * <p>Each started sign-in is remembered by its {@code state} for ten minutes, with its nonce and
 * PKCE verifier; the caller also binds the state to the browser with a cookie, so a callback
 * cannot be replayed into someone else's browser (login CSRF).
 */
public final class OidcSignIn {

  private static final Logger LOG = LoggerFactory.getLogger(OidcSignIn.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration PENDING_FOR = Duration.ofMinutes(10);
  private static final int MAX_PENDING = 1000;

  /** A sign-in that was refused; the message says why (for the log, not the browser). */
  public static final class RefusedException extends Exception {
    private static final long serialVersionUID = 1L;

    RefusedException(String message) {
      super(message);
    }
  }

  private record Metadata(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri) {}

  private record Pending(String nonce, String verifier, URI redirectUri, long createdMillis) {}

  private final OidcSettings settings;
  private final HttpClient http;
  private final Clock clock;
  private final Map<String, Pending> pending = new LinkedHashMap<>();
  private volatile Metadata metadata;
  private volatile DefaultJWTProcessor<SecurityContext> idTokens;

  public OidcSignIn(OidcSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** Starts a sign-in: returns the state (for the browser cookie) and where to send the browser. */
  public Start begin(URI redirectUri) throws Exception {
    Metadata m = metadata();
    String state = random();
    String nonce = random();
    String verifier = random();
    String challenge = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    synchronized (pending) {
      expire();
      if (pending.size() >= MAX_PENDING) {
        Iterator<String> oldest = pending.keySet().iterator();
        oldest.next();
        oldest.remove();
      }
      pending.put(state, new Pending(nonce, verifier, redirectUri, clock.millis()));
    }
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", settings.clientId());
    query.put("redirect_uri", redirectUri.toString());
    query.put("scope", settings.scopes());
    query.put("state", state);
    query.put("nonce", nonce);
    query.put("code_challenge", challenge);
    query.put("code_challenge_method", "S256");
    String sep = m.authorizationEndpoint().getQuery() == null ? "?" : "&";
    return new Start(state, URI.create(m.authorizationEndpoint() + sep + form(query)));
  }

  /** Where a started sign-in sends the browser, and the state to bind to it. */
  public record Start(String state, URI authorizationUri) {}

  /**
   * Finishes a sign-in from the provider's redirect: {@code state} from the query, {@code boundState}
   * from the browser's cookie. Returns the user name; throws with the reason when anything fails.
   */
  public String finish(String state, String boundState, String code) throws Exception {
    if (state == null || code == null || !state.equals(boundState)) {
      throw new RefusedException("state missing or not the one this browser started");
    }
    Pending p;
    synchronized (pending) {
      expire();
      p = pending.remove(state);
    }
    if (p == null) {
      throw new RefusedException("unknown or expired state");
    }
    Metadata m = metadata();
    String body = form(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", p.redirectUri().toString(),
        "code_verifier", p.verifier()));
    String basic = Base64.getEncoder().encodeToString((enc(settings.clientId()) + ":" + enc(new String(settings.clientSecret())))
        .getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(m.tokenEndpoint()).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
        .header("Authorization", "Basic " + basic).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new RefusedException("token endpoint answered HTTP " + r.statusCode());
    }
    String idToken = JSON.readTree(r.body()).path("id_token").asText(null);
    if (idToken == null) {
      throw new RefusedException("token response has no id_token");
    }
    JWTClaimsSet claims;
    try {
      claims = idTokens().process(idToken, null);
    } catch (Exception e) {
      throw new RefusedException("ID token refused: " + e.getMessage());
    }
    if (!p.nonce().equals(claims.getStringClaim("nonce"))) {
      throw new RefusedException("ID token nonce does not match the sign-in");
    }
    String user = claims.getStringClaim(settings.usernameClaim());
    if (user == null || !user.matches("[A-Za-z0-9._@-]{1,64}")) {
      throw new RefusedException("ID token claim " + settings.usernameClaim() + " is missing or not a plain user name");
    }
    return user;
  }

  private Metadata metadata() throws Exception {
    Metadata m = metadata;
    if (m != null) {
      return m;
    }
    String base = settings.issuer().toString().replaceAll("/+$", "");
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/.well-known/openid-configuration"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("OpenID discovery at " + base + " answered HTTP " + r.statusCode());
    }
    JsonNode doc = JSON.readTree(r.body());
    String issuer = doc.path("issuer").asText();
    if (!issuer.replaceAll("/+$", "").equals(base)) {
      throw new IllegalStateException("OpenID discovery: issuer " + issuer + " is not the configured " + base);
    }
    m = new Metadata(issuer, URI.create(doc.path("authorization_endpoint").asText()), URI.create(doc.path("token_endpoint").asText()),
        URI.create(doc.path("jwks_uri").asText()));
    JWKSource<SecurityContext> keys = JWKSourceBuilder.create(m.jwksUri().toURL()).retrying(true).build();
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
        Set.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256, JWSAlgorithm.ES256), keys));
    processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(settings.clientId(),
        new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "iat", "exp", "nonce")));
    idTokens = processor;
    metadata = m;
    LOG.info("event=dashboard_oidc_discovered issuer={}", issuer);
    return m;
  }

  private DefaultJWTProcessor<SecurityContext> idTokens() {
    return idTokens;
  }

  private void expire() {
    long now = clock.millis();
    pending.values().removeIf(p -> now - p.createdMillis() > PENDING_FOR.toMillis());
  }

  private static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String form(Map<String, String> fields) {
    StringBuilder b = new StringBuilder();
    fields.forEach((k, v) -> b.append(b.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
    return b.toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
