package org.ecgstream.dashboard.ward;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecgstream.schemas.Alarm;

/**
 * The current state of every alarm episode, reconciled from the alerts topic by alarm id and state
 * sequence: a change with a sequence at or below the one held is a repeat (at-least-once delivery,
 * a re-read after restart) or arrived late, and is ignored, so the board never moves backwards.
 * Cleared episodes are kept (the most recent {@code keptCleared}) so that a late repeat of an older
 * change of a cleared episode does not bring it back.
 */
public final class AlarmBoard {

  private final int keptCleared;
  private final Map<String, AlarmView> byId = new LinkedHashMap<>();
  private final Map<String, Boolean> clearedOrder = new LinkedHashMap<>();

  public AlarmBoard(int keptCleared) {
    this.keptCleared = keptCleared;
  }

  /** Applies one state change; returns the new view, or empty if it changed nothing. */
  public synchronized Optional<AlarmView> apply(Alarm change, String bedKey) {
    AlarmView held = byId.get(change.getAlarmId());
    if (held != null && change.getStateSeq() <= held.stateSeq()) {
      return Optional.empty();
    }
    AlarmView view = AlarmView.of(change, bedKey);
    if (held != null && held.ackRequestedBy() != null && !view.acknowledged() && view.active()) {
      view = view.withAckRequestedBy(held.ackRequestedBy()); // still waiting for the job's confirmation
    }
    byId.put(view.alarmId(), view);
    if (!view.active()) {
      clearedOrder.put(view.alarmId(), Boolean.TRUE);
      while (clearedOrder.size() > keptCleared) {
        String oldest = clearedOrder.keySet().iterator().next();
        clearedOrder.remove(oldest);
        byId.remove(oldest);
      }
    }
    return Optional.of(view);
  }

  /** Notes that {@code user} sent an acknowledgement; returns the view, or empty if the alarm is unknown or no longer active. */
  public synchronized Optional<AlarmView> ackRequested(String alarmId, String user) {
    AlarmView held = byId.get(alarmId);
    if (held == null || !held.active()) {
      return Optional.empty();
    }
    AlarmView view = held.withAckRequestedBy(user);
    byId.put(alarmId, view);
    return Optional.of(view);
  }

  public synchronized Optional<AlarmView> get(String alarmId) {
    return Optional.ofNullable(byId.get(alarmId));
  }

  /** Active (not cleared) alarms, highest priority first, then newest first. */
  public synchronized List<AlarmView> active() {
    List<AlarmView> active = new ArrayList<>();
    for (AlarmView v : byId.values()) {
      if (v.active()) {
        active.add(v);
      }
    }
    active.sort(Comparator.comparingInt((AlarmView v) -> priorityRank(v.priority()))
        .thenComparing(Comparator.comparingLong(AlarmView::eventTimeMillis).reversed()));
    return active;
  }

  static int priorityRank(String priority) {
    return switch (priority) {
      case "HIGH" -> 0;
      case "MEDIUM" -> 1;
      case "LOW" -> 2;
      default -> 3;
    };
  }
}
