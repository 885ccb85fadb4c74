package io.forkless.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.host.ForklessException;
import io.forkless.host.code.CodeParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [genesis.code]}: the code parameters a configured chain records at genesis (#14). */
class CodeConfigTomlTest {

  @TempDir Path tmp;

  private NodeConfig.Genesis genesis(String codeTable) throws Exception {
    String toml =
        "[genesis]\nchain_id = \"c\"\ntimestamp = 1\nruntime_code_hash = \""
            + "ab".repeat(32)
            + "\"\n"
            + codeTable
            + "[[genesis.validators]]\nname = \"v1\"\npublic_key = \""
            + "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"
            + "\"\nstake = 1\n";
    return NodeConfigFile.read(Files.writeString(tmp.resolve("node.toml"), toml))
        .genesis()
        .orElseThrow();
  }

  @Test
  void withoutTheTableAConfiguredChainGetsTheDefaultsWithThePrecheckRequired() throws Exception {
    assertThat(genesis("").code()).isEmpty();
    CodeParameters d = CodeConfigToml.configuredDefaults();
    assertThat(d.precheckRequired()).isTrue();
    assertThat(d.withPrecheck(false)).isEqualTo(CodeParameters.defaults());
  }

  @Test
  void everyKeyIsReadAndAbsentKeysKeepTheirDefault() throws Exception {
    CodeParameters p =
        genesis(
                "[genesis.code]\nprecheck_required = false\nprecheck_postpone_blocks = 7\n"
                    + "max_code_size = 2000000\nmax_chunk_bytes = 1000\n"
                    + "max_upload_bytes_per_block = 5000\nprune_after_blocks = 9\n")
            .code()
            .orElseThrow();
    assertThat(p).isEqualTo(new CodeParameters(2_000_000, 1000, 5000, 9, false, 7));

    CodeParameters partial =
        genesis("[genesis.code]\nprecheck_postpone_blocks = 3\n").code().orElseThrow();
    assertThat(partial.precheckRequired()).isTrue();
    assertThat(partial.precheckPostponeBlocks()).isEqualTo(3);
    assertThat(partial.maxCodeSize()).isEqualTo(CodeParameters.defaults().maxCodeSize());
  }

  @Test
  void badValuesNameTheFileAndTheKey() {
    assertThatThrownBy(() -> genesis("[genesis.code]\nprecheck_required = \"yes\"\n"))
        .isInstanceOf(ForklessException.class)
        .hasMessageContaining("node.toml")
        .hasMessageContaining("genesis.code.precheck_required must be true or false");
    assertThatThrownBy(() -> genesis("[genesis.code]\nprecheck_postpone_blocks = 0\n"))
        .hasMessageContaining("genesis.code.precheck_postpone_blocks must be a whole number >= 1");
    assertThatThrownBy(() -> genesis("[genesis.code]\nmax_chunk_bytes = 4000000000\n"))
        .hasMessageContaining("genesis.code.max_chunk_bytes must be at most");
    assertThatThrownBy(
            () ->
                genesis(
                    "[genesis.code]\nmax_chunk_bytes = 9000\nmax_upload_bytes_per_block = 8000\n"))
        .hasMessageContaining("genesis.code: a chunk of 9000 bytes cannot fit");
    assertThatThrownBy(() -> genesis("[genesis.code]\nprecheck = true\n"))
        .hasMessageContaining("unknown key genesis.code.precheck");
  }
}
