package io.forkless.sample.balances.v1_1;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.State;

/**
 * Balances 1.1.0: 1.0.0 plus one transaction kind. The state layout is unchanged (layout 1), so the
 * upgrade from 1.0.0 needs no migration and keeps the state root.
 *
 * <pre>
 * transfer_memo TO AMOUNT MEMO... [#TAG]     (a call in 1.0.0's signed envelope)
 * </pre>
 *
 * The memo (1..140 characters, may contain spaces) is not stored; it is echoed in the receipt.
 */
public class BalancesRuntime extends io.forkless.sample.balances.v1_0.BalancesRuntime {

  private static final RuntimeVersion VERSION = RuntimeVersion.of(1, 1, 0);
  private static final int MAX_MEMO_LENGTH = 140;

  @Override
  public RuntimeVersion version() {
    return VERSION;
  }

  // Changed from 1.0.0: accepts transfer_memo; every 1.0.0 transaction still means the same.
  @Override
  protected Receipt dispatch(State state, BlockContext block, byte[] sender, String[] words) {
    if (words[0].equals("transfer_memo")) {
      if (words.length < 4) {
        return Receipt.rejected("malformed transfer_memo: expected 'transfer_memo TO AMOUNT MEMO'");
      }
      String memo = String.join(" ", java.util.Arrays.copyOfRange(words, 3, words.length));
      if (memo.isBlank() || memo.length() > MAX_MEMO_LENGTH) {
        return Receipt.rejected("memo must be 1.." + MAX_MEMO_LENGTH + " characters");
      }
      Receipt receipt = transfer(state, sender, words[1], words[2]);
      return receipt.success() ? Receipt.ok("memo: " + memo) : receipt;
    }
    return super.dispatch(state, block, sender, words);
  }
}
