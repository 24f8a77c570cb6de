package org.ecgstream.dashboard.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

  private final PasswordHasher hasher = new PasswordHasher(10_000); // fewer than the default: unit test speed

  @Test
  void hashVerifiesItsOwnPasswordOnly() {
    String hash = hasher.hash("correct horse".toCharArray());
    assertThat(hash).startsWith("pbkdf2-sha256$10000$").doesNotContain("correct horse");
    assertThat(PasswordHasher.matches("correct horse".toCharArray(), hash)).isTrue();
    assertThat(PasswordHasher.matches("correct horsE".toCharArray(), hash)).isFalse();
    assertThat(PasswordHasher.matches("".toCharArray(), hash)).isFalse();
  }

  @Test
  void samePasswordGetsADifferentSaltEachTime() {
    assertThat(hasher.hash("pw".toCharArray())).isNotEqualTo(hasher.hash("pw".toCharArray()));
  }

  @Test
  void iterationCountTravelsWithTheHash() {
    String older = new PasswordHasher(2_000).hash("pw".toCharArray());
    assertThat(PasswordHasher.matches("pw".toCharArray(), older)).isTrue();
  }

  @Test
  void defaultFollowsOwaspForPbkdf2Sha256() {
    assertThat(PasswordHasher.standard().hash("pw".toCharArray())).startsWith("pbkdf2-sha256$600000$");
  }

  @Test
  void plainOrMalformedHashesAreRefusedWithWhatToDo() {
    assertThatThrownBy(() -> PasswordHasher.validate("secret")).hasMessageContaining("--hash-password");
    assertThatThrownBy(() -> PasswordHasher.validate("pbkdf2-sha256$10$AAAAAAAAAAA$AAAA")).hasMessageContaining("too few iterations");
    assertThatThrownBy(() -> new UserDirectory(Map.of("nurse", "plain-text")))
        .hasMessageContaining("user nurse").hasMessageContaining("pbkdf2-sha256$ITERATIONS$SALT$HASH");
  }

  @Test
  void userDirectoryRefusesUnknownUsersAndWrongPasswords() {
    UserDirectory users = new UserDirectory(Map.of("nurse.a", hasher.hash("pw-a".toCharArray())));
    assertThat(users.verify("nurse.a", "pw-a".toCharArray())).isTrue();
    assertThat(users.verify("nurse.a", "pw-b".toCharArray())).isFalse();
    assertThat(users.verify("nurse.b", "pw-a".toCharArray())).isFalse();
    assertThat(users.verify(null, "pw-a".toCharArray())).isFalse();
  }
}
