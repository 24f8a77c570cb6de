package org.ecgstream.dashboard.auth.oidc;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small OpenID Connect provider for tests, on the JDK's HTTP server: discovery, an authorization
 * endpoint that approves at once, a token endpoint that checks client secret, code and PKCE verifier
 * and returns an RS256 ID token, and the JWKS. What it signs can be spoiled on purpose.
 */
final class TestOidcProvider implements AutoCloseable {

  enum Spoil { NONE, FOREIGN_KEY, WRONG_AUDIENCE, WRONG_NONCE, EXPIRED }

  private record Grant(String clientId, String redirectUri, String nonce, String challenge) {}

  /** Made once per test JVM: RSA key generation takes seconds on a busy machine. */
  private static final RSAKey[] KEYS = generateKeys();

  private static RSAKey[] generateKeys() {
    try {
      return new RSAKey[] {new RSAKeyGenerator(2048).keyID("k1").generate(), new RSAKeyGenerator(2048).keyID("k1").generate()};
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private final HttpServer server;
  private final RSAKey signingKey;
  private final RSAKey foreignKey;
  private final String clientId;
  private final String clientSecret;
  private final String user;
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  volatile Spoil spoil = Spoil.NONE;
  volatile int tokenRequests;

  TestOidcProvider(String clientId, String clientSecret, String user) throws Exception {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.user = user;
    this.signingKey = KEYS[0];
    this.foreignKey = KEYS[1]; // same key id, other key
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/.well-known/openid-configuration", ex -> reply(ex, 200, "application/json",
        "{\"issuer\":\"" + issuer() + "\",\"authorization_endpoint\":\"" + issuer() + "/authorize\",\"token_endpoint\":\""
            + issuer() + "/token\",\"jwks_uri\":\"" + issuer() + "/jwks\",\"response_types_supported\":[\"code\"],"
            + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}"));
    server.createContext("/jwks", ex -> reply(ex, 200, "application/json", new JWKSet(signingKey.toPublicJWK()).toString()));
    server.createContext("/authorize", this::authorize);
    server.createContext("/token", this::token);
    server.start();
  }

  String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void authorize(HttpExchange ex) throws IOException {
    Map<String, String> q = parse(ex.getRequestURI().getRawQuery());
    if (!clientId.equals(q.get("client_id")) || !"code".equals(q.get("response_type")) || !"S256".equals(q.get("code_challenge_method"))
        || !(" " + q.get("scope") + " ").contains(" openid ")) {
      reply(ex, 400, "text/plain", "bad authorization request");
      return;
    }
    String code = "code-" + System.nanoTime();
    codes.put(code, new Grant(q.get("client_id"), q.get("redirect_uri"), q.get("nonce"), q.get("code_challenge")));
    ex.getResponseHeaders().add("Location", q.get("redirect_uri") + "?code=" + code + "&state=" + q.get("state"));
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  private void token(HttpExchange ex) throws IOException {
    tokenRequests++;
    Map<String, String> form = parse(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    String expected = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
    Grant grant = codes.remove(form.getOrDefault("code", ""));
    if (!expected.equals(auth) || grant == null || !grant.redirectUri().equals(form.get("redirect_uri"))
        || !s256(form.getOrDefault("code_verifier", "")).equals(grant.challenge())) {
      reply(ex, 400, "application/json", "{\"error\":\"invalid_grant\"}");
      return;
    }
    try {
      long now = System.currentTimeMillis();
      JWTClaimsSet claims = new JWTClaimsSet.Builder()
          .issuer(issuer()).subject("u-4711").audience(spoil == Spoil.WRONG_AUDIENCE ? "another-client" : clientId)
          .issueTime(new Date(now)).expirationTime(new Date(spoil == Spoil.EXPIRED ? now - 600_000 : now + 300_000))
          .claim("nonce", spoil == Spoil.WRONG_NONCE ? "other-nonce" : grant.nonce()).claim("preferred_username", user).build();
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").type(JOSEObjectType.JWT).build(), claims);
      jwt.sign(new RSASSASigner(spoil == Spoil.FOREIGN_KEY ? foreignKey : signingKey));
      reply(ex, 200, "application/json", "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"id_token\":\"" + jwt.serialize() + "\"}");
    } catch (Exception e) {
      reply(ex, 500, "text/plain", e.toString());
    }
  }

  private static String s256(String verifier) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> parse(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  URI uri() {
    return URI.create(issuer());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
