package org.ecgstream.dashboard.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The page files in the jar's resources (org/ecgstream/dashboard/web), read once. */
final class StaticPages {

  record Page(byte[] body, String contentType) {}

  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
      "svg", "image/svg+xml");
  private final Map<String, Page> cache = new ConcurrentHashMap<>();

  /** The file {@code name} (no directories), or null if there is none. */
  Page get(String name) {
    if (!name.matches("[a-z0-9-]+\\.(html|js|css|svg)")) {
      return null;
    }
    return cache.computeIfAbsent(name, n -> {
      try (InputStream in = StaticPages.class.getResourceAsStream("/org/ecgstream/dashboard/web/" + n)) {
        if (in == null) {
          return null;
        }
        return new Page(in.readAllBytes(), TYPES.get(n.substring(n.lastIndexOf('.') + 1)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read page " + n + " from the jar", e);
      }
    });
  }
}
