package org.ecgstream.dashboard.ward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecgstream.dashboard.TestAlarms.change;

import org.ecgstream.schemas.AlarmPriority;
import org.ecgstream.schemas.AlarmState;
import org.junit.jupiter.api.Test;

class AlarmBoardTest {

  private final AlarmBoard board = new AlarmBoard(2);

  @Test
  void stateChangesApplyInSequenceAndRepeatsAreIgnored() {
    assertThat(board.apply(change("a", 0, AlarmState.RAISED, AlarmPriority.HIGH, 1000), "bed-a")).isPresent();
    assertThat(board.apply(change("a", 1, AlarmState.UPDATED, AlarmPriority.HIGH, 2000), "bed-a")).isPresent();
    assertThat(board.apply(change("a", 1, AlarmState.UPDATED, AlarmPriority.HIGH, 2000), "bed-a")).as("repeat").isEmpty();
    assertThat(board.apply(change("a", 0, AlarmState.RAISED, AlarmPriority.HIGH, 1000), "bed-a")).as("late").isEmpty();
    assertThat(board.get("a")).get().extracting(AlarmView::state, AlarmView::stateSeq).containsExactly("UPDATED", 1);
    assertThat(board.get("a").get().evidence()).containsEntry("longestRrMillis", "4200");
  }

  @Test
  void clearedAlarmLeavesTheActiveListAndALateRepeatDoesNotBringItBack() {
    board.apply(change("a", 0, AlarmState.RAISED, AlarmPriority.HIGH, 1000), "bed-a");
    board.apply(change("a", 1, AlarmState.CLEARED, AlarmPriority.HIGH, 5000), "bed-a");
    assertThat(board.active()).isEmpty();
    assertThat(board.apply(change("a", 0, AlarmState.RAISED, AlarmPriority.HIGH, 1000), "bed-a")).isEmpty();
    assertThat(board.active()).isEmpty();
  }

  @Test
  void activeAlarmsAreOrderedByPriorityThenNewestFirst() {
    board.apply(change("low", 0, AlarmState.RAISED, AlarmPriority.LOW, 9000), "x");
    board.apply(change("high-old", 0, AlarmState.RAISED, AlarmPriority.HIGH, 1000), "x");
    board.apply(change("medium", 0, AlarmState.RAISED, AlarmPriority.MEDIUM, 5000), "x");
    board.apply(change("high-new", 0, AlarmState.RAISED, AlarmPriority.HIGH, 2000), "x");
    assertThat(board.active()).extracting(AlarmView::alarmId).containsExactly("high-new", "high-old", "medium", "low");
  }

  @Test
  void ackRequestIsShownUntilTheJobConfirmsIt() {
    board.apply(change("a", 0, AlarmState.RAISED, AlarmPriority.HIGH, 1000), "bed-a");
    assertThat(board.ackRequested("a", "nurse.kim")).get().extracting(AlarmView::ackRequestedBy).isEqualTo("nurse.kim");
    AlarmView updated = board.apply(change("a", 1, AlarmState.UPDATED, AlarmPriority.HIGH, 2000), "bed-a").orElseThrow();
    assertThat(updated.ackRequestedBy()).as("still waiting for the job").isEqualTo("nurse.kim");
    AlarmView acked = board.apply(change("a", 2, AlarmState.ACKNOWLEDGED, AlarmPriority.HIGH, 3000), "bed-a").orElseThrow();
    assertThat(acked.state()).isEqualTo("ACKNOWLEDGED");
    assertThat(acked.active()).isTrue();
    assertThat(board.ackRequested("unknown", "nurse.kim")).isEmpty();
  }

  @Test
  void onlyTheMostRecentClearedEpisodesAreKept() {
    for (String id : new String[] {"a", "b", "c"}) {
      board.apply(change(id, 0, AlarmState.RAISED, AlarmPriority.HIGH, 1000), "x");
      board.apply(change(id, 1, AlarmState.CLEARED, AlarmPriority.HIGH, 2000), "x");
    }
    assertThat(board.get("a")).isEmpty();
    assertThat(board.get("b")).isPresent();
    assertThat(board.get("c")).isPresent();
  }
}
