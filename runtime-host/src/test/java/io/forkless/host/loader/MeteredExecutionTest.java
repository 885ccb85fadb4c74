package io.forkless.host.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.TransactionValidity;
import io.forkless.host.SampleJars;
import io.forkless.host.crypto.HostCrypto;
import io.forkless.host.metering.ExecutionLimitException;
import io.forkless.host.metering.MeteredExecution;
import io.forkless.host.metering.MeteringLimits;
import io.forkless.testing.Accounts;
import io.forkless.testing.MemoryState;
import io.forkless.testing.hostile.HostileCorpus;
import io.forkless.testing.hostile.HostileCorpus.HostileCase;
import io.forkless.testing.hostile.SpinsOutsideApply;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Budgets of one block: per transaction, shared by the block, depth; exact and deterministic. */
class MeteredExecutionTest {

  private static final BlockContext BLOCK =
      new BlockContext("test-chain", 1, 1_000, io.forkless.host.crypto.HostCrypto.INSTANCE);

  private static LoadedRuntime load(String name) {
    HostileCase c =
        HostileCorpus.cases().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
    return RuntimeLoader.create().loadRuntime(CorpusRun.jar(c));
  }

  @Test
  void transactionsShareTheBlockBudgetAndThoseAfterItIsSpentDoNotRun() {
    try (LoadedRuntime spin = load("SpinsForever")) {
      MeteredExecution block =
          MeteredExecution.withLimits(new MeteringLimits(1_000, 2_500, 64, 1 << 20, 1, 1));
      MemoryState state = new MemoryState();
      String where = "io.forkless.testing.hostile.SpinsForever.apply";

      assertThat(apply(block, spin, state).message())
          .isEqualTo("out of steps at " + where + " after 1000 steps");
      assertThat(apply(block, spin, state).message())
          .isEqualTo("out of steps at " + where + " after 1000 steps");
      assertThat(apply(block, spin, state).message())
          .isEqualTo("out of steps (block budget) at " + where + " after 500 steps");
      assertThat(apply(block, spin, state).message())
          .isEqualTo("out of steps (block budget): the block's 2500 steps are spent");
      assertThat(block.blockRemaining()).isLessThanOrEqualTo(0);
    }
  }

  @Test
  void validateAndQueryRunUnderTheTransactionBudgetAndHostFunctionsAreCharged() {
    try (LoadedRuntime spins =
        RuntimeLoader.create()
            .loadRuntime(CorpusRun.jar(HostileCorpus.single(SpinsOutsideApply.class)))) {
      MemoryState state = new MemoryState();

      TransactionValidity verdict = spins.runtime().validate(state, BLOCK, new byte[] {1});
      assertThat(verdict.valid()).isFalse();
      assertThat(verdict.reason())
          .startsWith("validation failed: validate: out of steps")
          .contains("SpinsOutsideApply.validate");
      assertThatThrownBy(() -> spins.runtime().query(state, new byte[] {1}))
          .isInstanceOf(ExecutionLimitException.class)
          .hasMessageContaining("query: out of steps");

      MeteredExecution block = MeteredExecution.withLimits(MeteringLimits.DEFAULT);
      Receipt hashed = block.apply(spins.runtime(), state, BLOCK, new byte[64 * 1024]);
      assertThat(hashed.success()).as(hashed.message()).isTrue();
      assertThat(MeteringLimits.DEFAULT.blockSteps() - block.blockRemaining())
          .isGreaterThanOrEqualTo(HostCrypto.sha256Cost(64 * 1024));
    }
  }

  @Test
  void theCallDepthIsCountedByTheInstrumentationNotTheJvmStack() {
    try (LoadedRuntime recursion = load("InfiniteRecursion")) {
      MeteredExecution block =
          MeteredExecution.withLimits(new MeteringLimits(1_000_000, 10_000_000, 8, 1 << 20, 1, 1));
      assertThat(apply(block, recursion, new MemoryState()).message())
          .isEqualTo(
              "call depth limit reached of 8 at io.forkless.testing.hostile.InfiniteRecursion.down");
    }
  }

  @Test
  void aSignedTransferCostsTheSignatureCheckPlusAFewThousandStepsOfItsOwn() {
    try (LoadedRuntime balances =
        RuntimeLoader.create().loadRuntime(TestJars.sample(SampleJars.RUNTIME_1_0_0))) {
      MemoryState state = new MemoryState();
      balances
          .runtime()
          .initGenesis(state, Accounts.devGenesis(Map.of("alice", 100L, "bob", 100L)));
      MeteredExecution block = MeteredExecution.withLimits(MeteringLimits.DEFAULT);
      Receipt receipt =
          block.apply(
              balances.runtime(),
              state,
              BLOCK,
              Accounts.dev("alice").sign("test-chain", 0, "transfer bob 7"));
      long used = MeteringLimits.DEFAULT.blockSteps() - block.blockRemaining();
      assertThat(receipt.success()).as(receipt.message()).isTrue();
      // The signature check's fixed cost is charged, plus the runtime's own decoding and
      // bookkeeping (about 15,000 steps in 1.0.0): far below the 10,000,000 of a transaction.
      assertThat(used).isBetween(HostCrypto.ed25519VerifyCost(20) + 100, 50_000L);
    }
  }

  private static Receipt apply(MeteredExecution block, LoadedRuntime runtime, MemoryState state) {
    return block.apply(runtime.runtime(), state, BLOCK, new byte[] {1});
  }
}
