package io.forkless.host.upgrade;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.Runtime;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.host.chain.RuntimeBinding;
import java.util.Map;

/**
 * The previous runtime while a migration that {@code requiresPause} runs: every user (runtime)
 * transaction of the block gets a rejected receipt naming the migration, and writes nothing. The
 * block producer keeps such transactions in the mempool meanwhile, so only a block made elsewhere
 * carries any; every node rejects them alike. Governance (host) transactions are not runtime
 * transactions and go through.
 */
final class PausedRuntime implements Runtime {

  private final Runtime inner;
  private final String reason;

  private PausedRuntime(Runtime inner, String reason) {
    this.inner = inner;
    this.reason = reason;
  }

  /** {@code binding}'s runtime refusing every transaction with {@code reason}; same identity. */
  static RuntimeBinding wrap(RuntimeBinding binding, String reason) {
    return new RuntimeBinding(
        new PausedRuntime(unwrap(binding).runtime(), reason),
        binding.version(),
        binding.codeHash());
  }

  /** The runtime behind a paused binding (or the binding itself). */
  static RuntimeBinding unwrap(RuntimeBinding binding) {
    return binding.runtime() instanceof PausedRuntime p
        ? new RuntimeBinding(p.inner, binding.version(), binding.codeHash())
        : binding;
  }

  @Override
  public RuntimeVersion version() {
    return inner.version();
  }

  @Override
  public int stateLayoutVersion() {
    return inner.stateLayoutVersion();
  }

  @Override
  public void initGenesis(State state, Map<String, Object> genesis) {
    inner.initGenesis(state, genesis);
  }

  @Override
  public io.forkless.api.TransactionValidity validate(
      StateView state, BlockContext block, byte[] transaction) {
    return inner.validate(state, block, transaction);
  }

  @Override
  public byte[] query(StateView state, byte[] request) {
    return inner.query(state, request);
  }

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    return Receipt.rejected(reason);
  }

  @Override
  public Map<String, String> invariants(StateView state) {
    return inner.invariants(state);
  }

  @Override
  public String toString() {
    return "paused " + inner;
  }
}
