package io.forkless.host.metering;

import static org.assertj.core.api.Assertions.assertThat;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.Runtime;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.host.crypto.HostCrypto;
import io.forkless.testing.MemoryState;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A state access costs {@link CostTable#STATE_ACCESS} plus its bytes exactly once, whichever layers
 * the call passes: a block's {@link MeteredExecution} meters the state, and the loaded runtime's
 * {@link MeteredRuntime} takes it as it is (it used to wrap it again and charge every access
 * twice); outside a block {@link MeteredRuntime} meters it itself. The runtime here is a class-path
 * one, so the state access and the signature check are its only charges.
 */
class StateChargedOnceTest {

  private static final byte[] KEY = "k".getBytes(StandardCharsets.US_ASCII);
  private static final int VALUE_BYTES = 1_600;
  private static final BlockContext BLOCK = new BlockContext("c", 1, 0, HostCrypto.INSTANCE);
  private static final byte[] MESSAGE = new byte[10];
  private static final long EXPECTED =
      CostTable.STATE_ACCESS
          + (KEY.length + VALUE_BYTES) / CostTable.BYTES_PER_STEP
          + HostCrypto.ed25519VerifyCost(MESSAGE.length);

  /** Reads one key and checks one (bad) signature. */
  static final class ReadsOneKey implements Runtime {
    @Override
    public RuntimeVersion version() {
      return RuntimeVersion.of(1, 0, 0);
    }

    @Override
    public int stateLayoutVersion() {
      return 1;
    }

    @Override
    public void initGenesis(State state, Map<String, Object> genesis) {}

    @Override
    public Receipt apply(State state, BlockContext block, byte[] transaction) {
      state.get(KEY);
      block.host().ed25519Verify(new byte[32], MESSAGE, new byte[64]);
      return Receipt.ok();
    }

    @Override
    public Map<String, String> invariants(StateView state) {
      return Map.of();
    }
  }

  private static MemoryState state() {
    MemoryState state = new MemoryState();
    state.put(KEY, new byte[VALUE_BYTES]);
    return state;
  }

  @Test
  void aLoadedRuntimeInABlockIsChargedOncePerAccess() {
    MeteredExecution block = MeteredExecution.withLimits(MeteringLimits.DEFAULT);
    Receipt receipt =
        block.apply(
            MeteredRuntime.wrap(new ReadsOneKey(), MeteringLimits.DEFAULT),
            state(),
            BLOCK,
            new byte[] {1});

    assertThat(receipt.success()).as(receipt.message()).isTrue();
    assertThat(MeteringLimits.DEFAULT.blockSteps() - block.blockRemaining()).isEqualTo(EXPECTED);
  }

  @Test
  void aClassPathRuntimeInABlockIsChargedOncePerAccess() {
    MeteredExecution block = MeteredExecution.withLimits(MeteringLimits.DEFAULT);
    block.apply(new ReadsOneKey(), state(), BLOCK, new byte[] {1});

    assertThat(MeteringLimits.DEFAULT.blockSteps() - block.blockRemaining()).isEqualTo(EXPECTED);
  }

  @Test
  void aRuntimeCalledUnderAMeterOutsideABlockMetersTheStateItself() {
    MeteredRuntime runtime = MeteredRuntime.wrap(new ReadsOneKey(), MeteringLimits.DEFAULT);
    Meter meter = Meter.of(1_000_000, MeteringLimits.DEFAULT, "");
    Receipt receipt = meter.run(() -> runtime.apply(state(), BLOCK, new byte[] {1}));

    assertThat(receipt.success()).as(receipt.message()).isTrue();
    assertThat(meter.used()).isEqualTo(EXPECTED);
  }

  @Test
  void theHandOverIsUsedOnceSoANestedCallIsStillMetered() {
    MeteredRuntime runtime = MeteredRuntime.wrap(new ReadsOneKey(), MeteringLimits.DEFAULT);
    Meter meter = Meter.of(1_000_000, MeteringLimits.DEFAULT, "");
    meter.markStateMeteredByCaller();
    meter.run(
        () -> {
          runtime.apply(MeteredState.of(state()), MeteredHostFunctions.of(BLOCK), new byte[] {1});
          return runtime.apply(state(), BLOCK, new byte[] {1});
        });

    assertThat(meter.used()).isEqualTo(2 * EXPECTED);
  }
}
