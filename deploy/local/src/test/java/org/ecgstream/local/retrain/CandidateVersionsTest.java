package org.ecgstream.local.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A candidate's version: the parent's MAJOR.MINOR, the next patch no version has used. */
class CandidateVersionsTest {

  @Test
  void nextPatchAboveEveryVersionOfTheSameMinorLine() {
    assertThat(CandidateVersions.next("0.1.0", List.of())).isEqualTo("0.1.1");
    assertThat(CandidateVersions.next("0.1.0", List.of("0.1.0", "0.1.3", "0.2.0", "1.1.9"))).isEqualTo("0.1.4");
    assertThat(CandidateVersions.next("0.1.2", List.of("0.1.1"))).isEqualTo("0.1.3");
    assertThat(CandidateVersions.next("2.0.0-rc.1", List.of("2.0.0-rc.1"))).isEqualTo("2.0.1");
  }

  @Test
  void parentThatIsNoSemanticVersionIsRefused() {
    assertThatThrownBy(() -> CandidateVersions.next("latest", List.of())).hasMessageContaining("not a semantic version");
  }
}
