package io.forkless.sample.balances.v2_0;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.State;
import io.forkless.sample.balances.v1_0.Codec;
import java.util.Optional;

/**
 * Balances 2.0.0: 1.1.0 plus staking. Breaking: state layout 2, so upgrading from 1.x needs the
 * {@code add_staking} migration.
 *
 * <p>Account layout 2 (17 bytes): {@code 0x02}, balance (8 bytes, big-endian), staked (8 bytes,
 * big-endian). The total supply counts balance plus staked. New transactions:
 *
 * <pre>
 * stake AMOUNT [#TAG]      moves AMOUNT from the sender's balance to its stake
 * unstake AMOUNT [#TAG]    moves AMOUNT back from stake to balance
 * </pre>
 */
public class BalancesRuntime extends io.forkless.sample.balances.v1_1.BalancesRuntime {

  /** The first byte of every layout-2 account record. */
  public static final byte LAYOUT_2_TAG = 2;

  /** Length of a layout-2 account record. */
  public static final int LAYOUT_2_LENGTH = 17;

  private static final RuntimeVersion VERSION = RuntimeVersion.of(2, 0, 0);

  @Override
  public RuntimeVersion version() {
    return VERSION;
  }

  // Changed from 1.x: the account record gains a staked amount.
  @Override
  public int stateLayoutVersion() {
    return 2;
  }

  @Override
  protected long[] newAccount(long balance) {
    return new long[] {balance, 0};
  }

  @Override
  protected long[] decodeAccount(byte[] value) {
    if (value.length != LAYOUT_2_LENGTH || value[0] != LAYOUT_2_TAG) {
      throw new IllegalStateException(
          "account record of layout 2 must be 17 bytes starting with 0x02 but was "
              + value.length
              + " bytes");
    }
    return new long[] {Codec.getLong(value, 1), Codec.getLong(value, 9)};
  }

  @Override
  protected byte[] encodeAccount(long[] account) {
    byte[] value = new byte[LAYOUT_2_LENGTH];
    value[0] = LAYOUT_2_TAG;
    Codec.putLong(value, 1, account[0]);
    Codec.putLong(value, 9, account[1]);
    return value;
  }

  @Override
  protected long supplyOf(long[] account) {
    return Math.addExact(account[0], account[1]);
  }

  // Changed from 1.1.0: stake and unstake.
  @Override
  protected Receipt dispatch(State state, BlockContext block, byte[] sender, String[] words) {
    boolean stake = words[0].equals("stake");
    if (stake || words[0].equals("unstake")) {
      if (words.length != 2) {
        return Receipt.rejected("malformed " + words[0] + ": expected '" + words[0] + " AMOUNT'");
      }
      return moveStake(state, sender, words[1], stake);
    }
    return super.dispatch(state, block, sender, words);
  }

  // Changed from 1.1.0: query answers include the staked amount.
  @Override
  protected String describe(long[] account) {
    return super.describe(account) + ",\"staked\":" + account[1];
  }

  private Receipt moveStake(State state, byte[] who, String amountText, boolean toStake) {
    long amount = parseAmount(amountText);
    if (amount <= 0) {
      return Receipt.rejected("amount must be a positive integer but was '" + amountText + "'");
    }
    Optional<long[]> found = readAccount(state, who);
    if (found.isEmpty()) {
      return Receipt.rejected("unknown account: the sender has no record on this chain");
    }
    long[] account = found.get();
    int from = toStake ? 0 : 1;
    int to = toStake ? 1 : 0;
    if (account[from] < amount) {
      return Receipt.rejected(
          (toStake ? "insufficient balance" : "insufficient stake") + " to move " + amount);
    }
    account[from] -= amount;
    account[to] += amount;
    writeAccount(state, who, account);
    return Receipt.ok();
  }
}
