package io.forkless.node.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.upgrade.MigrationStatus;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MigrationJsonTest {

  private static MigrationStatus status(OptionalLong eta, boolean paused) {
    return status(eta, paused, false);
  }

  private static MigrationStatus status(OptionalLong eta, boolean paused, boolean validating) {
    return new MigrationStatus(
        7,
        RuntimeVersion.of(1, 0, 0),
        RuntimeVersion.of(2, 0, 0),
        120,
        paused,
        List.of("add_staking_stepped"),
        0,
        "add_staking_stepped",
        2_500,
        10_000,
        5,
        1_000,
        eta,
        1_000,
        validating);
  }

  @Test
  void noMigrationIsNull() {
    assertThat(MigrationJson.of(Optional.empty(), 1000).isNull()).isTrue();
  }

  @Test
  void aRunningMigrationCarriesItsProgressAndEtaInBlocksAndSeconds() {
    JsonNode m = MigrationJson.of(Optional.of(status(OptionalLong.of(15), true)), 2_000);
    assertThat(m.get("upgradeId").asLong()).isEqualTo(7);
    assertThat(m.get("to").asText()).isEqualTo("2.0.0");
    assertThat(m.get("migrations").get(0).asText()).isEqualTo("add_staking_stepped");
    assertThat(m.get("keysDone").asLong()).isEqualTo(2_500);
    assertThat(m.get("keysEstimated").asLong()).isEqualTo(10_000);
    assertThat(m.get("blocksUsed").asLong()).isEqualTo(5);
    assertThat(m.get("etaBlocks").asLong()).isEqualTo(15);
    assertThat(m.get("etaSeconds").asLong()).isEqualTo(30);
    assertThat(m.get("usersPaused").asBoolean()).isTrue();
    assertThat(m.get("phase").asText()).isEqualTo("migrating");
    assertThat(MigrationJson.describe(m))
        .isEqualTo(
            "upgrade #7 to 2.0.0: 'add_staking_stepped' 2500 of 10000 keys, 5 blocks since height"
                + " 120 at 1000 keys/block, about 15 blocks left; user transactions wait");
  }

  @Test
  void anUnknownEtaIsNullAndAnUnpausedPlanNamesTheRuntimeServingUsers() {
    JsonNode m = MigrationJson.of(Optional.of(status(OptionalLong.empty(), false)), 1_000);
    assertThat(m.get("etaBlocks").isNull()).isTrue();
    assertThat(m.get("etaSeconds").isNull()).isTrue();
    assertThat(MigrationJson.describe(m)).endsWith("; users served by 1.0.0");
  }

  @Test
  void theValidationPhaseIsNamed() {
    JsonNode m = MigrationJson.of(Optional.of(status(OptionalLong.empty(), true, true)), 1_000);
    assertThat(m.get("phase").asText()).isEqualTo("validating");
    assertThat(MigrationJson.describe(m))
        .startsWith("upgrade #7 to 2.0.0: 'add_staking_stepped' validating, 2500 of 10000 keys,");
  }
}
