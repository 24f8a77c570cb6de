package org.ecgstream.core.text;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses PTB-XL's {@code scp_codes} column, a Python dict literal such as
 * {@code {'NORM': 100.0, 'SR': 0.0}}: SCP-ECG statement to likelihood in percent (0 = not given).
 */
public final class ScpCodes {

  private ScpCodes() {}

  /**
   * Statement to likelihood in the order written.
   *
   * @throws IllegalArgumentException naming the text when it is not such a dict
   */
  public static Map<String, Double> parse(String text) {
    String body = text.strip();
    if (body.length() < 2 || body.charAt(0) != '{' || body.charAt(body.length() - 1) != '}') {
      throw new IllegalArgumentException("scp_codes '" + text + "' is not a {'CODE': likelihood, ...} dict");
    }
    body = body.substring(1, body.length() - 1).strip();
    Map<String, Double> codes = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return Collections.unmodifiableMap(codes);
    }
    for (String entry : body.split(",")) {
      int colon = entry.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("scp_codes '" + text + "': entry '" + entry.strip() + "' has no ':'");
      }
      String key = unquote(entry.substring(0, colon).strip(), text);
      try {
        codes.put(key, Double.parseDouble(entry.substring(colon + 1).strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("scp_codes '" + text + "': likelihood of " + key + " is not a number", e);
      }
    }
    return Collections.unmodifiableMap(codes);
  }

  private static String unquote(String key, String text) {
    if (key.length() >= 2 && (key.charAt(0) == '\'' || key.charAt(0) == '"') && key.charAt(key.length() - 1) == key.charAt(0)) {
      return key.substring(1, key.length() - 1);
    }
    throw new IllegalArgumentException("scp_codes '" + text + "': key " + key + " is not quoted");
  }
}
