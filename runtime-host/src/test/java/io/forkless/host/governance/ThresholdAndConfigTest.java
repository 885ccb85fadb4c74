package io.forkless.host.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThresholdAndConfigTest {

  @Test
  void exactlyTwoThirdsIsMetWithoutFloatingPointError() {
    Threshold twoThirds = Threshold.ofFraction(2, 3);
    assertThat(twoThirds.isMetBy(2, 3)).isTrue();
    assertThat(twoThirds.isMetBy(200_000_000_000L, 300_000_000_000L)).isTrue();
    assertThat(twoThirds.isMetBy(199_999_999_999L, 300_000_000_000L)).isFalse();
    // 0.667 is 667/1000 exactly: 667 of 1000 meets it, 666.999… cannot be expressed in stake units.
    Threshold seed = Threshold.parse("0.667");
    assertThat(seed.isMetBy(667, 1000)).isTrue();
    assertThat(seed.isMetBy(666, 1000)).isFalse();
    assertThat(seed.isMetBy(Long.MAX_VALUE, Long.MAX_VALUE)).isTrue();
    assertThat(Threshold.parse("1").isMetBy(99, 100)).isFalse();
    assertThat(seed.toString()).isEqualTo("0.667");
    assertThat(twoThirds.toString()).isEqualTo("2/3");
  }

  @ParameterizedTest
  @CsvSource({"0", "-0.1", "1.0001", "abc"})
  void thresholdsOutsideZeroToOneAreRefused(String text) {
    assertThatThrownBy(() -> Threshold.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(0, 1]")
        .hasMessageContaining(text);
  }
}
