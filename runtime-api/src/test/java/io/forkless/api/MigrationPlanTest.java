package io.forkless.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationPlanTest {

  private static final RuntimeVersion V1 = RuntimeVersion.of(1, 0, 0);
  private static final RuntimeVersion V2 = RuntimeVersion.of(2, 0, 0);

  @Test
  void copiesTheNamesSoLaterChangesDoNotLeakIn() {
    List<String> names = new ArrayList<>(List.of("add_staking"));
    MigrationPlan plan = new MigrationPlan(V1, V2, names, 300, false);
    names.add("other");
    assertThat(plan.migrationNames()).containsExactly("add_staking");
  }

  @Test
  void rejectsAPlanThatIsNotAnAllowedUpgrade() {
    assertThatThrownBy(() -> new MigrationPlan(V2, V1, List.of("x"), 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("from 2.0.0 to 1.0.0");
  }

  @Test
  void rejectsRepeatedOrBlankNamesAndNegativeEstimates() {
    assertThatThrownBy(() -> new MigrationPlan(V1, V2, List.of("a", "a"), 0, false))
        .hasMessageContaining("distinct");
    assertThatThrownBy(() -> new MigrationPlan(V1, V2, List.of(" "), 0, false))
        .hasMessageContaining("blank");
    assertThatThrownBy(() -> new MigrationPlan(V1, V2, List.of("a"), -1, false))
        .hasMessageContaining("-1");
  }

  @Test
  void migrationExceptionNamesTheMigrationAndKey() {
    MigrationException e =
        new MigrationException("add_staking", "acct/alice".getBytes(), "bad record length 3");
    assertThat(e)
        .hasMessage("migration 'add_staking' failed at key 'acct/alice': bad record length 3");
    assertThat(e.migrationName()).isEqualTo("add_staking");
    assertThat(e.key()).hasValueSatisfying(k -> assertThat(new String(k)).isEqualTo("acct/alice"));
    assertThat(new MigrationException("m", new byte[] {0, (byte) 0xff}, "x"))
        .hasMessageContaining("at key 0x00ff");
  }
}
