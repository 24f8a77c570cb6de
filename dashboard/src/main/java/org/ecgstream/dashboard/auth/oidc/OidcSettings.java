package org.ecgstream.dashboard.auth.oidc;

import java.net.URI;

/**
 * Where and as whom the dashboard signs users in with OpenID Connect.
 *
 * @param issuer the provider's issuer URL; its discovery document is {@code issuer/.well-known/openid-configuration}
 * @param clientId this dashboard's client id at the provider
 * @param clientSecret the client secret (resolved from its reference at start-up)
 * @param usernameClaim the ID-token claim that names the user (recorded with acknowledgements)
 * @param scopes scopes asked for, {@code openid} among them
 */
public record OidcSettings(URI issuer, String clientId, char[] clientSecret, String usernameClaim, String scopes) {

  public OidcSettings {
    String host = issuer.getHost();
    boolean loopback = "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
    if (!"https".equals(issuer.getScheme()) && !loopback) {
      throw new IllegalArgumentException("oidc.issuer must be an https URL (plain http only on loopback, for tests): " + issuer);
    }
    if (!(" " + scopes + " ").contains(" openid ")) {
      throw new IllegalArgumentException("oidc.scopes must include openid, got '" + scopes + "'");
    }
  }
}
