package org.ecgstream.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ecgstream.schemas.Lead;
import org.junit.jupiter.api.Test;

class StandardLeadsTest {

  @Test
  void twelveLeadsInCanonicalOrder() {
    assertThat(StandardLeads.TWELVE).hasSize(12).doesNotHaveDuplicates().doesNotContain(Lead.UNKNOWN);
    assertThat(StandardLeads.TWELVE.stream().map(StandardLeads::displayName))
        .containsExactly("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6");
  }

  @Test
  void parsesLeadNamesAsWfdbHeadersAndDevicesWriteThem() {
    assertThat(StandardLeads.parse("aVR")).isEqualTo(Lead.AVR);
    assertThat(StandardLeads.parse(" v1 ")).isEqualTo(Lead.V1);
    assertThat(StandardLeads.parse("II")).isEqualTo(Lead.II);
  }

  @Test
  void unknownLeadNameIsRefusedWithTheAcceptedNames() {
    assertThatThrownBy(() -> StandardLeads.parse("MLII")).hasMessageContaining("not a standard ECG lead").hasMessageContaining("aVR");
  }
}
