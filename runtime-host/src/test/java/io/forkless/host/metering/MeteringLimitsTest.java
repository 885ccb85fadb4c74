package io.forkless.host.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.testing.MemoryState;
import org.junit.jupiter.api.Test;

class MeteringLimitsTest {

  @Test
  void limitsRoundTripThroughTheirEncoding() {
    MeteringLimits limits = new MeteringLimits(1, 2, 3, 4, 5, 6);
    assertThat(MeteringLimits.decode(limits.encode())).isEqualTo(limits);
    assertThat(MeteringLimits.decode(MeteringLimits.DEFAULT.encode()))
        .isEqualTo(MeteringLimits.DEFAULT);
  }

  @Test
  void refusesAnEncodingOfTheWrongLength() {
    assertThatThrownBy(() -> MeteringLimits.decode(new byte[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metering limits take 44 bytes, not 3");
  }

  @Test
  void refusesNonPositiveLimitsAndADepthAboveWhatEveryJvmStackHolds() {
    assertThatThrownBy(() -> new MeteringLimits(0, 2, 3, 4, 5, 6))
        .hasMessage("txSteps must be positive, was 0");
    assertThatThrownBy(() -> new MeteringLimits(1, 2, 3, -4, 5, 6))
        .hasMessage("txMemoryBytes must be positive, was -4");
    assertThatThrownBy(() -> new MeteringLimits(1, 2, 2_001, 4, 5, 6))
        .hasMessage("maxCallDepth 2001 is above 2000");
  }

  @Test
  void theChainRunsWithTheDefaultsUntilLimitsAreRecordedInTheHostNamespace() {
    MemoryState state = new MemoryState();
    assertThat(MeteringParameters.read(state)).isEqualTo(MeteringLimits.DEFAULT);
    MeteringLimits custom = new MeteringLimits(7, 8, 9, 10, 11, 12);
    MeteringParameters.write(state, custom);
    assertThat(MeteringParameters.read(state)).isEqualTo(custom);
    assertThat(MeteringParameters.KEY[0]).isZero();
  }
}
