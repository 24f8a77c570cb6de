package org.ecgstream.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** PTB-XL's {@code scp_codes} column as the trainer and the replayer read it. */
class ScpCodesTest {

  @Test
  void parsesScpCodesAsAPythonDict() {
    assertThat(ScpCodes.parse("{'NORM': 100.0, 'SR': 0.0}")).containsExactly(Map.entry("NORM", 100.0), Map.entry("SR", 0.0));
    assertThat(ScpCodes.parse("{'PRC(S)': 50.0, 'LAO/LAE': 15.0}")).containsKeys("PRC(S)", "LAO/LAE");
    assertThat(ScpCodes.parse("{}")).isEmpty();
    assertThatThrownBy(() -> ScpCodes.parse("NORM 100")).hasMessageContaining("NORM 100");
  }
}
