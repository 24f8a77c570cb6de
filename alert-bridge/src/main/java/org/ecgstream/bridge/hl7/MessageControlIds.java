package org.ecgstream.bridge.hl7;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;
import org.ecgstream.schemas.Alarm;

/**
 * MSH-10 for an alarm state change: the same for every delivery of the same change, so a receiver
 * recognises a redelivery after a restart (at-least-once delivery).
 *
 * <p>Readable ({@code alarmId#stateSeq}) when the alarm id is plain text; a name-based UUID of the
 * pair when it holds HL7 delimiters or would exceed MSH-10's 199 characters.
 */
public final class MessageControlIds {

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:\\-]{1,180}");

  private MessageControlIds() {}

  public static String of(Alarm alarm) {
    return of(alarm.getAlarmId(), alarm.getStateSeq());
  }

  public static String of(String alarmId, int stateSeq) {
    if (PLAIN.matcher(alarmId).matches()) {
      return alarmId + "#" + stateSeq;
    }
    return "u" + UUID.nameUUIDFromBytes((alarmId + "\n" + stateSeq).getBytes(StandardCharsets.UTF_8));
  }
}
