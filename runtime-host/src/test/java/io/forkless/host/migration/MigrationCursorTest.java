package io.forkless.host.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MigrationCursorTest {

  @Test
  void survivesEncodingWithAndWithoutACursor() {
    MigrationCursor with =
        new MigrationCursor(3, 1, Optional.of(new byte[] {0, 7, -1}), 500, 2_000, 5, 9, 4_321);
    MigrationCursor back = MigrationCursor.decode(with.encode());
    assertThat(back.cursor()).hasValueSatisfying(c -> assertThat(c).containsExactly(0, 7, -1));
    assertThat(back).usingRecursiveComparison().ignoringFields("cursor").isEqualTo(with);

    MigrationCursor start = MigrationCursor.decode(MigrationCursor.start(8).encode());
    assertThat(start.cursor()).isEmpty();
    assertThat(start.upgradeId()).isEqualTo(8);
  }

  @Test
  void etaExtrapolatesTheRunningMigrationsPaceWhenItGaveAnEstimate() {
    // 500 of 2,000 keys in 5 blocks: 1,500 left at 100 per block.
    assertThat(new MigrationCursor(1, 0, Optional.empty(), 500, 2_000, 5, 5, 0).etaBlocks())
        .contains(15L);
    assertThat(new MigrationCursor(1, 0, Optional.empty(), 500, 0, 5, 5, 0).etaBlocks()).isEmpty();
    assertThat(new MigrationCursor(1, 0, Optional.empty(), 0, 2_000, 0, 0, 0).etaBlocks())
        .isEmpty();
  }

  @Test
  void refusesATruncatedOrForeignRecordSayingSo() {
    byte[] good = MigrationCursor.start(1).encode();
    assertThatThrownBy(() -> MigrationCursor.decode(Arrays.copyOf(good, good.length - 3)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("truncated migration cursor record");
    byte[] huge = good.clone();
    huge[14] = 0x7f; // the cursor's length field: far more bytes than the record holds
    assertThatThrownBy(() -> MigrationCursor.decode(huge))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("truncated migration cursor record");
    byte[] foreign = good.clone();
    foreign[0] = 9;
    assertThatThrownBy(() -> MigrationCursor.decode(foreign))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unknown migration cursor format 9");
    assertThatThrownBy(() -> MigrationCursor.decode(Arrays.copyOf(good, good.length + 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("trailing bytes");
  }
}
