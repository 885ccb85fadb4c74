package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.api.TransactionValidity;

/**
 * Not in the corpus list ({@link HostileCorpus#single}): spins forever in {@code validate} and
 * {@code query}, the paths the mempool and RPC call outside blocks; {@code apply} hashes the
 * transaction through the host functions once.
 */
public final class SpinsOutsideApply extends HostileRuntime {

  private int spins;

  @Override
  public TransactionValidity validate(StateView state, BlockContext block, byte[] transaction) {
    while (spins >= 0) {
      spins = (spins + 1) & 0xffff;
    }
    return TransactionValidity.unordered();
  }

  @Override
  public byte[] query(StateView state, byte[] request) {
    while (spins >= 0) {
      spins = (spins + 1) & 0xffff;
    }
    return request;
  }

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    return Receipt.ok(Integer.toString(block.host().sha256(transaction).length));
  }
}
