package io.forkless.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.host.ForklessException;
import io.forkless.host.governance.Threshold;
import io.forkless.host.governance.UpgradeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpgradeConfigTomlTest {

  @TempDir Path dir;

  private Path write(String toml) throws IOException {
    Path file = dir.resolve("forkless.toml");
    Files.writeString(file, toml);
    return file;
  }

  @Test
  void readsTheSeedsUpgradeSection() throws IOException {
    UpgradeConfig c =
        UpgradeConfigToml.fromToml(
            write(
                "[upgrade]\ntimelock_delay = 100800 # ~7 days\nmax_snapshots = 10\n"
                    + "quorum_threshold = 0.334\napproval_threshold = 0.667\nvoting_period = 50\n"));
    assertThat(c.timelockDelay()).isEqualTo(100_800);
    assertThat(c.maxSnapshots()).isEqualTo(10);
    assertThat(c.quorumThreshold()).isEqualTo(Threshold.parse("0.334"));
    assertThat(c.approvalThreshold().isMetBy(667, 1000)).isTrue();
    assertThat(c.votingPeriod()).isEqualTo(50);
  }

  @Test
  void missingKeysAndSectionKeepTheDefaults() throws IOException {
    assertThat(UpgradeConfigToml.fromToml(write("[node]\nx = 1\n")))
        .isEqualTo(UpgradeConfig.defaults());
    assertThat(UpgradeConfigToml.fromToml(write("[upgrade]\nmax_snapshots = 3\n")).timelockDelay())
        .isEqualTo(100_800);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "quorum_threshold = 0|upgrade.quorum_threshold must be in (0, 1] but was 0",
        "approval_threshold = 1.5|upgrade.approval_threshold must be in (0, 1] but was 1.5",
        "approval_threshold = \"high\"|upgrade.approval_threshold must be a number",
        "timelock_delay = -1|upgrade.timelock_delay must be >= 0 but was -1",
        "timelock_delay = 1.5|upgrade.timelock_delay must be a whole number",
        "max_snapshots = 0|upgrade.max_snapshots must be >= 1 but was 0",
        "voting_period = 0|upgrade.voting_period must be >= 1 but was 0",
        "timelock = 5|unknown key upgrade.timelock"
      })
  void outOfRangeValuesNameTheKeyAndTheFile(String line, String message) throws IOException {
    Path file = write("[upgrade]\n" + line + "\n");
    assertThatThrownBy(() -> UpgradeConfigToml.fromToml(file))
        .isInstanceOf(ForklessException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining(message);
  }

  @Test
  void anUnparsableFileIsRefusedNamingIt() throws IOException {
    Path file = write("[upgrade\ntimelock_delay = ");
    assertThatThrownBy(() -> UpgradeConfigToml.fromToml(file))
        .isInstanceOf(ForklessException.class)
        .hasMessageContaining("config " + file + " is not valid TOML");
    assertThatThrownBy(() -> UpgradeConfigToml.fromToml(dir.resolve("missing.toml")))
        .hasMessageContaining("cannot read config");
  }
}
