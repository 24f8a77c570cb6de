package org.ecgstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecgstream.schemas.Lead;
import org.junit.jupiter.api.Test;

class RecordingTest {

  @Test
  void durationIsSamplesOverSampleRate() {
    Recording recording = new Recording("r", Map.of(Lead.II, new float[3600], Lead.V1, new float[3600]), 360);

    assertThat(recording.length()).isEqualTo(3600);
    assertThat(recording.durationSeconds()).isEqualTo(10.0);
    assertThat(recording.millivolts().keySet()).containsExactly(Lead.II, Lead.V1);
  }

  @Test
  void keepsLeadsInCanonicalOrderWhateverTheInputMap() {
    Map<Lead, float[]> leads = new java.util.LinkedHashMap<>();
    leads.put(Lead.V6, new float[10]);
    leads.put(Lead.I, new float[10]);

    assertThat(new Recording("r", leads, 100).millivolts().keySet()).containsExactly(Lead.I, Lead.V6);
  }

  @Test
  void rejectsLeadsOfDifferentLengthsNamingTheLead() {
    Map<Lead, float[]> leads = new EnumMap<>(Lead.class);
    leads.put(Lead.I, new float[100]);
    leads.put(Lead.II, new float[99]);

    assertThatThrownBy(() -> new Recording("r1", leads, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("r1").hasMessageContaining("II").hasMessageContaining("99");
  }

  @Test
  void rejectsNoLeadsAndNonPositiveRate() {
    assertThatThrownBy(() -> new Recording("r", Map.of(), 100)).hasMessageContaining("no leads");
    assertThatThrownBy(() -> new Recording("r", Map.of(Lead.I, new float[1]), 0)).hasMessageContaining("sample rate");
  }

  @Test
  void labelledRecordingIsPairedOnlyWithAReportThatHasWords() {
    Recording recording = new Recording("r", Map.of(Lead.I, new float[1]), 100);

    assertThat(new LabelledRecording(recording, Optional.of(Report.of("Sinusrhythmus.")), List.of()).isPaired()).isTrue();
    assertThat(new LabelledRecording(recording, Optional.of(Report.of(" ., ")), List.of()).isPaired()).isFalse();
    assertThat(new LabelledRecording(recording, Optional.empty(), List.of("AF")).isPaired()).isFalse();
  }

  @Test
  void mapsWfdbSignalNamesToStandardLeads() {
    assertThat(LeadNames.toLead("MLII")).contains(Lead.II);
    assertThat(LeadNames.toLead("V5")).contains(Lead.V5);
    assertThat(LeadNames.toLead("AVR")).contains(Lead.AVR);
    assertThat(LeadNames.toLead("PLETH")).isEmpty();
    assertThat(LeadNames.toLead("ECG")).isEmpty();
  }
}
