package io.forkless.sample.balances.v1_0;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.Runtime;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.State;
import io.forkless.api.StateView;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Balances 1.0.0: accounts with balances and transfers.
 *
 * <p>Transactions are ASCII words separated by single spaces (docs/state-encoding.md):
 *
 * <pre>
 * transfer FROM TO AMOUNT [#TAG]
 * </pre>
 *
 * A trailing {@code #TAG} word is ignored: it lets a client make two otherwise identical
 * transactions distinct. Account state layout 1: the value is the balance as 8 bytes, big-endian.
 *
 * <p>Later versions extend this class and override the hooks marked "extension point".
 */
public class BalancesRuntime implements Runtime {

  private static final RuntimeVersion VERSION = RuntimeVersion.of(1, 0, 0);

  @Override
  public RuntimeVersion version() {
    return VERSION;
  }

  @Override
  public int stateLayoutVersion() {
    return 1;
  }

  @Override
  public void initGenesis(State state, Map<String, Long> balances) {
    // Sorted, so that genesis writes happen in the same order on every node whatever the map's
    // order.
    for (Map.Entry<String, Long> e : new TreeMap<>(balances).entrySet()) {
      if (!Codec.isValidName(e.getKey())) {
        throw new IllegalArgumentException(
            "genesis account name must be 1..32 of [a-z0-9_] but was '" + e.getKey() + "'");
      }
      if (e.getValue() < 0) {
        throw new IllegalArgumentException(
            "genesis balance of '" + e.getKey() + "' must be >= 0 but was " + e.getValue());
      }
      writeAccount(state, e.getKey(), newAccount(e.getValue()));
    }
  }

  @Override
  public final Receipt apply(State state, BlockContext block, byte[] transaction) {
    String[] words = Codec.words(transaction);
    if (words == null) {
      return Receipt.rejected("malformed transaction: expected printable ASCII words");
    }
    if (words.length > 1 && words[words.length - 1].startsWith("#")) {
      words = Arrays.copyOf(words, words.length - 1);
    }
    return dispatch(state, block, words);
  }

  /**
   * Extension point: runs one decoded transaction. Subclasses add kinds and fall back to this
   * method.
   */
  protected Receipt dispatch(State state, BlockContext block, String[] words) {
    if (words[0].equals("transfer")) {
      if (words.length != 4) {
        return Receipt.rejected("malformed transfer: expected 'transfer FROM TO AMOUNT'");
      }
      return transfer(state, words[1], words[2], words[3]);
    }
    return Receipt.rejected("unknown transaction kind '" + words[0] + "'");
  }

  /** Moves {@code amountText} from one account's balance to another's, creating the recipient. */
  protected final Receipt transfer(State state, String from, String to, String amountText) {
    long amount = parseAmount(amountText);
    if (amount <= 0) {
      return Receipt.rejected("amount must be a positive integer but was '" + amountText + "'");
    }
    if (!Codec.isValidName(from) || !Codec.isValidName(to)) {
      return Receipt.rejected("account names must be 1..32 of [a-z0-9_]");
    }
    if (from.equals(to)) {
      return Receipt.rejected("sender and recipient are the same account '" + from + "'");
    }
    Optional<long[]> sender = readAccount(state, from);
    if (sender.isEmpty()) {
      return Receipt.rejected("unknown sender '" + from + "'");
    }
    long[] fromAccount = sender.get();
    if (fromAccount[0] < amount) {
      return Receipt.rejected(
          "insufficient funds: '" + from + "' has " + fromAccount[0] + ", needs " + amount);
    }
    long[] toAccount = readAccount(state, to).orElseGet(() -> newAccount(0));
    if (toAccount[0] > Long.MAX_VALUE - amount) {
      return Receipt.rejected("recipient balance would overflow");
    }
    fromAccount[0] -= amount;
    toAccount[0] += amount;
    writeAccount(state, from, fromAccount);
    writeAccount(state, to, toAccount);
    return Receipt.ok();
  }

  /** A positive amount, or -1 when the text is not a decimal number that fits in a long. */
  protected static long parseAmount(String text) {
    if (text.isEmpty() || text.length() > 18) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  @Override
  public Map<String, String> invariants(StateView state) {
    long[] totals = new long[2];
    state.scan(
        Codec.ACCOUNT_PREFIX.getBytes(StandardCharsets.US_ASCII),
        (key, value) -> {
          totals[0] = Math.addExact(totals[0], supplyOf(decodeAccount(value)));
          totals[1]++;
        });
    return Map.of(
        "totalSupply", Long.toString(totals[0]), "accountCount", Long.toString(totals[1]));
  }

  /** Extension point: a new account record with the given balance; element 0 is the balance. */
  protected long[] newAccount(long balance) {
    return new long[] {balance};
  }

  /** Extension point: decodes an account record; element 0 is the balance. */
  protected long[] decodeAccount(byte[] value) {
    if (value.length != 8) {
      throw new IllegalStateException(
          "account record of layout 1 must be 8 bytes but was " + value.length);
    }
    return new long[] {Codec.getLong(value, 0)};
  }

  /** Extension point: encodes an account record. */
  protected byte[] encodeAccount(long[] account) {
    byte[] value = new byte[8];
    Codec.putLong(value, 0, account[0]);
    return value;
  }

  /** Extension point: how much of the total supply one account holds. */
  protected long supplyOf(long[] account) {
    return account[0];
  }

  /** The account record of {@code name}, if it exists. */
  protected final Optional<long[]> readAccount(StateView state, String name) {
    return state.get(Codec.accountKey(name)).map(this::decodeAccount);
  }

  /** Stores the account record of {@code name}. */
  protected final void writeAccount(State state, String name, long[] account) {
    state.put(Codec.accountKey(name), encodeAccount(account));
  }
}
