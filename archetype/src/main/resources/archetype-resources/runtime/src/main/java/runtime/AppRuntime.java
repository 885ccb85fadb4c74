package ${package}.runtime;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.Runtime;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.State;
import io.forkless.api.StateView;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runtime 2.0.0: balances with a nonce per account. Transactions are ASCII words: {@code transfer
 * FROM TO AMOUNT}, where a last word starting with {@code #} is a tag that only makes a transaction
 * unique. Deterministic by construction: it reads only its state and its arguments (the node's
 * bytecode verifier refuses clocks, randomness, threads, I/O and reflection anyway).
 */
public final class AppRuntime implements Runtime {

  /** Also the manifest's Forkless-Runtime-Version (the pom's forkless.runtime.version). */
  public static final RuntimeVersion VERSION = RuntimeVersion.of(2, 0, 0);

  private static final long MAX_AMOUNT = 1_000_000_000_000_000_000L;

  @Override
  public RuntimeVersion version() {
    return VERSION;
  }

  @Override
  public int stateLayoutVersion() {
    return 2;
  }

  @Override
  public void initGenesis(State state, Map<String, Long> balances) {
    // A TreeMap: genesis writes happen in the same order on every node.
    for (Map.Entry<String, Long> e : new TreeMap<>(balances).entrySet()) {
      if (!Accounts.validName(e.getKey())) {
        throw new IllegalArgumentException("invalid genesis account name '" + e.getKey() + "'");
      }
      if (e.getValue() < 0 || e.getValue() >= MAX_AMOUNT) {
        throw new IllegalArgumentException(
            "genesis balance of " + e.getKey() + " out of range: " + e.getValue());
      }
      Accounts.write(state, e.getKey(), new Accounts.Account(e.getValue(), 0));
    }
  }

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    String text = new String(transaction, StandardCharsets.US_ASCII);
    String[] words = text.split(" ", -1);
    int length = words.length;
    if (length > 0 && words[length - 1].startsWith("#")) {
      length--;
    }
    if (length != 4 || !words[0].equals("transfer")) {
      return Receipt.rejected("malformed transaction: expected 'transfer FROM TO AMOUNT'");
    }
    String from = words[1];
    String to = words[2];
    long amount;
    try {
      amount = Long.parseLong(words[3]);
    } catch (NumberFormatException e) {
      return Receipt.rejected("amount is not a number: " + words[3]);
    }
    if (amount <= 0 || amount >= MAX_AMOUNT) {
      return Receipt.rejected("amount must be between 1 and " + (MAX_AMOUNT - 1));
    }
    if (!Accounts.validName(to)) {
      return Receipt.rejected("invalid account name '" + to + "'");
    }
    if (from.equals(to)) {
      return Receipt.rejected("sender and recipient are the same");
    }
    Accounts.Account sender = Accounts.read(state, from).orElse(null);
    if (sender == null) {
      return Receipt.rejected("unknown sender " + from);
    }
    if (sender.balance() < amount) {
      return Receipt.rejected("insufficient funds: " + from + " has " + sender.balance());
    }
    Accounts.Account recipient =
        Accounts.read(state, to).orElse(new Accounts.Account(0, 0));
    if (recipient.balance() > MAX_AMOUNT - amount) {
      return Receipt.rejected("balance overflow for " + to);
    }
    Accounts.write(
        state, from, new Accounts.Account(sender.balance() - amount, sender.nonce() + 1));
    Accounts.write(
        state, to, new Accounts.Account(recipient.balance() + amount, recipient.nonce()));
    return Receipt.ok("nonce " + (sender.nonce() + 1));
  }

  @Override
  public Map<String, String> invariants(StateView state) {
    long[] totals = new long[2];
    state.scan(
        Accounts.PREFIX.getBytes(StandardCharsets.US_ASCII),
        (key, value) -> {
          totals[0] += Accounts.decode(value).balance();
          totals[1]++;
        });
    return Map.of("totalSupply", Long.toString(totals[0]), "accountCount", Long.toString(totals[1]));
  }
}
