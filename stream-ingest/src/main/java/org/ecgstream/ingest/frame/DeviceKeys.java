package org.ecgstream.ingest.frame;

/**
 * Store keys that sort a device's entries by a number: {@code deviceId NUL zero-padded-number}, so
 * a range scan over one device visits its entries in numeric order. NUL cannot occur in a device
 * id that passed validation as readable text, and sorts below every other character, so one
 * device's range never takes in another's.
 */
public final class DeviceKeys {

  private static final char SEPARATOR = '\u0000';
  private static final int DIGITS = 20;

  private DeviceKeys() {}

  /** Key of entry {@code number} (>= 0) of {@code device}. */
  public static String of(String device, long number) {
    return padded(new StringBuilder(device.length() + 1 + DIGITS).append(device).append(SEPARATOR), number).toString();
  }

  /** Key of entry ({@code first}, {@code second}) of {@code device}, ordered by first then second. */
  public static String of(String device, long first, long second) {
    StringBuilder key = new StringBuilder(device.length() + 2 + 2 * DIGITS).append(device).append(SEPARATOR);
    return padded(padded(key, first).append(SEPARATOR), second).toString();
  }

  /** Appends {@code number} (>= 0) zero-padded to 20 digits (String.format is too slow for every frame). */
  private static StringBuilder padded(StringBuilder key, long number) {
    String digits = Long.toString(number);
    for (int i = digits.length(); i < DIGITS; i++) {
      key.append('0');
    }
    return key.append(digits);
  }

  /** Lowest key of {@code device}'s range. */
  public static String first(String device) {
    return device + SEPARATOR;
  }

  /** Highest key of {@code device}'s range (inclusive bound for range scans). */
  public static String last(String device) {
    return device + SEPARATOR + '\uffff';
  }

  /** The device part of a key made here. */
  public static String deviceOf(String key) {
    return key.substring(0, key.indexOf(SEPARATOR));
  }
}
