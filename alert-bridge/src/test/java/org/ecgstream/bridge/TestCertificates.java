package org.ecgstream.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} made with the JDK's keytool: a PKCS12 key store
 * for the server and a PKCS12 trust store holding only that certificate, both with the password in a
 * file (so tests use credentials by reference, as the bridge does).
 */
public record TestCertificates(Path keyStore, Path trustStore, Path passwordFile) {

  private static TestCertificates shared;

  /** One set per test JVM (keytool takes seconds), in a temporary directory removed at exit. */
  public static synchronized TestCertificates shared() throws IOException, InterruptedException {
    if (shared == null) {
      Path dir = Files.createTempDirectory("ecg-bridge-certs-");
      shared = create(dir);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try (var files = Files.list(dir)) {
          files.forEach(f -> f.toFile().delete());
        } catch (IOException e) {
          // best effort
        }
        dir.toFile().delete();
      }));
    }
    return shared;
  }

  public static TestCertificates create(Path dir) throws IOException, InterruptedException {
    String password = "test-" + Long.toHexString(System.nanoTime());
    Path passwordFile = Files.writeString(dir.resolve("store-password"), password + "\n");
    Path keyStore = dir.resolve("server.p12");
    Path cert = dir.resolve("server.pem");
    Path trustStore = dir.resolve("trust.p12");
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "SAN=dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
        "-storepass", password);
    keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", password,
        "-file", cert.toString());
    keytool("-importcert", "-noprompt", "-alias", "server", "-file", cert.toString(), "-storetype", "PKCS12",
        "-keystore", trustStore.toString(), "-storepass", password);
    return new TestCertificates(keyStore, trustStore, passwordFile);
  }

  /** The password reference the bridge's config takes. */
  public String passwordReference() {
    return "file:" + passwordFile;
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("keytool " + args[0] + " failed: " + output);
    }
  }
}
