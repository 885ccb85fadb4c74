package io.forkless.host.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.host.ChainParameters;
import io.forkless.host.state.MemoryStateStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The migration budget record is the governed parameter {@code migration}: one key, one format,
 * shared by genesis, governance and every reader.
 */
class MigrationParametersTest {

  @Test
  void theRecordLivesUnderTheKeyGovernanceWritesParameterMigrationUnder() {
    byte[] governed = ("\0params/" + MigrationParameters.NAME).getBytes(StandardCharsets.US_ASCII);
    assertThat(MigrationParameters.KEY).isEqualTo(governed);
    assertThat(ChainParameters.RULES.names()).contains(MigrationParameters.NAME, "metering");
  }

  @Test
  void encodesAndDecodesKeysPerBlock() {
    byte[] encoded = MigrationParameters.encode(new StepBudget(20_000));
    assertThat(encoded).hasSize(9).startsWith(1);
    assertThat(MigrationParameters.decode(encoded)).isEqualTo(new StepBudget(20_000));
    assertThat(MigrationParameters.problem(encoded)).isEmpty();
    assertThat(ChainParameters.RULES.problem(MigrationParameters.NAME, encoded)).isEmpty();
  }

  @Test
  void refusesEveryInvalidValueNamingTheProblem() {
    assertThat(ChainParameters.RULES.problem("migration", new byte[3]))
        .hasValue(
            "a migration budget is 9 bytes, format 1, then keys per block, but got 3 bytes of"
                + " format 0");
    byte[] format2 = MigrationParameters.encode(new StepBudget(5));
    format2[0] = 2;
    assertThat(MigrationParameters.problem(format2))
        .hasValueSatisfying(p -> p.contains("format 2"));
    byte[] zero = ByteBuffer.allocate(9).put((byte) 1).putLong(0).array();
    assertThat(MigrationParameters.problem(zero))
        .hasValue("a migration budget must be at least 1 key per block but was 0");
    byte[] negative = ByteBuffer.allocate(9).put((byte) 1).putLong(-7).array();
    assertThat(MigrationParameters.problem(negative))
        .hasValue("a migration budget must be at least 1 key per block but was -7");
    assertThat(
            MigrationParameters.problem(
                MigrationParameters.encode(
                    new StepBudget(MigrationParameters.MAX_KEYS_PER_BLOCK + 1))))
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .startsWith(
                        "keysPerBlock 10000001 is above the limit of 10000000 keys per block"));
    assertThat(MigrationParameters.problem(new StepBudget(MigrationParameters.MAX_KEYS_PER_BLOCK)))
        .isEmpty();
  }

  @Test
  void genesisRecordsAGivenBudgetAndNothingWithoutOne() {
    assertThat(ChainParameters.genesis(Optional.empty(), Optional.empty())).isEmpty();
    assertThat(ChainParameters.genesis(Optional.empty(), Optional.of(new StepBudget(8))))
        .containsOnlyKeys("migration")
        .hasEntrySatisfying(
            "migration",
            v -> assertThat(MigrationParameters.decode(v)).isEqualTo(new StepBudget(8)));
  }

  @Test
  void readsTheDefaultWhenAbsentAndRefusesACorruptRecord() {
    try (MemoryStateStore store = MemoryStateStore.create()) {
      var overlay = store.overlay();
      assertThat(MigrationParameters.read(overlay)).isEqualTo(StepBudget.DEFAULT);
      MigrationParameters.write(overlay, new StepBudget(3));
      assertThat(MigrationParameters.read(overlay)).isEqualTo(new StepBudget(3));
      overlay.put(MigrationParameters.KEY, new byte[] {1, 2});
      assertThatThrownBy(() -> MigrationParameters.read(overlay))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("the migration budget record in chain state is corrupt");
    }
  }
}
