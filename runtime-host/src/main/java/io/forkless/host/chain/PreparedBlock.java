package io.forkless.host.chain;

import io.forkless.host.state.ChainWrites;
import io.forkless.host.state.Overlay;
import io.forkless.host.state.StagedCommit;
import java.util.List;

/**
 * A block executed and staged on its parent by {@link Chain#prepareBlock}, not yet committed: what
 * a validator network's leader holds between proposing its block and seeing it ordered, so that it
 * executes the block only once. Commit it with {@link Chain#commitPrepared}, or drop it with {@link
 * Chain#discardPrepared}.
 */
public final class PreparedBlock {
  private final ExecutedBlock result;
  private final Overlay overlay;
  private final StagedCommit staged;
  private final ChainWrites writes;

  PreparedBlock(ExecutedBlock result, Overlay overlay, StagedCommit staged, ChainWrites writes) {
    this.result = result;
    this.overlay = overlay;
    this.staged = staged;
    this.writes = writes;
  }

  /** The block as it will be committed (its header carries the state root). */
  public Block block() {
    return result.block();
  }

  /** Its receipts, in block order. */
  public List<TxReceipt> receipts() {
    return result.receipts();
  }

  ExecutedBlock result() {
    return result;
  }

  Overlay overlay() {
    return overlay;
  }

  StagedCommit staged() {
    return staged;
  }

  ChainWrites writes() {
    return writes;
  }
}
