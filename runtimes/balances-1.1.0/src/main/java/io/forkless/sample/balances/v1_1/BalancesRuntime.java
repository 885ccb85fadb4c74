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
 * transfer_memo FROM TO AMOUNT MEMO... [#TAG]
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
  protected Receipt dispatch(State state, BlockContext block, String[] words) {
    if (words[0].equals("transfer_memo")) {
      if (words.length < 5) {
        return Receipt.rejected(
            "malformed transfer_memo: expected 'transfer_memo FROM TO AMOUNT MEMO'");
      }
      String memo = String.join(" ", java.util.Arrays.copyOfRange(words, 4, words.length));
      if (memo.isBlank() || memo.length() > MAX_MEMO_LENGTH) {
        return Receipt.rejected("memo must be 1.." + MAX_MEMO_LENGTH + " characters");
      }
      Receipt receipt = transfer(state, words[1], words[2], words[3]);
      return receipt.success() ? Receipt.ok("memo: " + memo) : receipt;
    }
    return super.dispatch(state, block, words);
  }
}
