package org.ecgstream.bridge.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.ecgstream.core.secrets.SecretReference;

/** TLS contexts from configured trust and key stores (PKCS12, or JKS by the .jks extension); passwords by reference. */
public final class TlsContexts {

  private TlsContexts() {}

  /**
   * A context trusting {@code truststore} (the JVM's default trust when empty) and presenting the
   * certificate in {@code keystore} when given (mutual TLS).
   */
  public static SSLContext of(String truststore, Optional<SecretReference> truststorePassword,
      String keystore, Optional<SecretReference> keystorePassword) {
    try {
      TrustManagerFactory tmf = null;
      if (!truststore.isEmpty()) {
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(truststore, truststorePassword));
      }
      KeyManagerFactory kmf = null;
      if (!keystore.isEmpty()) {
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(keystore, keystorePassword), keystorePassword.map(SecretReference::resolve).orElse(new char[0]));
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("TLS: cannot use the configured stores (" + e.getClass().getSimpleName() + ": "
          + e.getMessage() + "); check the path, the type (.p12 or .jks) and the password reference", e);
    }
  }

  private static KeyStore load(String path, Optional<SecretReference> password) throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance(path.toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12");
    try (InputStream in = Files.newInputStream(Path.of(path))) {
      store.load(in, password.map(SecretReference::resolve).orElse(null));
    }
    return store;
  }
}
