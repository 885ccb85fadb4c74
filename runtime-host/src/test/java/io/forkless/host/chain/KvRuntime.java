package io.forkless.host.chain;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.Runtime;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.State;
import io.forkless.api.StateView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A tiny test runtime (never a sample runtime: those only arrive as JARs). Transactions: {@code set
 * K V}, {@code del K}, {@code reject}, and misbehaviours that write first: {@code throw}, {@code
 * null} (returns no receipt), {@code garbage} (a rejection without a reason), {@code overflow}
 * (stack overflow).
 */
final class KvRuntime implements Runtime {

  private final RuntimeVersion version;

  KvRuntime(RuntimeVersion version) {
    this.version = version;
  }

  @Override
  public RuntimeVersion version() {
    return version;
  }

  @Override
  public int stateLayoutVersion() {
    return 1;
  }

  @Override
  public void initGenesis(State state, Map<String, Object> balances) {
    balances.forEach(
        (name, amount) ->
            state.put(key("acct/" + name), ByteBuffer.allocate(8).putLong((Long) amount).array()));
  }

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    String[] words = new String(transaction, StandardCharsets.US_ASCII).split(" ");
    switch (words[0]) {
      case "set":
        state.put(key("kv/" + words[1]), key(words[2]));
        return Receipt.ok("set " + words[1] + " at " + block.height());
      case "del":
        state.delete(key("kv/" + words[1]));
        return Receipt.ok();
      case "reject":
        state.put(key("kv/rejected"), key("x"));
        return Receipt.rejected("refused on purpose");
      case "throw":
        state.put(key("kv/thrown"), key("x"));
        throw new IllegalStateException("boom");
      case "null":
        state.put(key("kv/null"), key("x"));
        return noReceipt();
      case "garbage":
        state.put(key("kv/garbage"), key("x"));
        return new Receipt(false, "");
      case "overflow":
        state.put(key("kv/overflow"), key("x"));
        return recurse(state, block, transaction);
      default:
        return Receipt.rejected("unknown transaction " + words[0]);
    }
  }

  private Receipt recurse(State state, BlockContext block, byte[] transaction) {
    return recurse(state, block, transaction);
  }

  /** What a broken runtime might return, despite the API's contract. */
  @SuppressWarnings("NullAway")
  private static Receipt noReceipt() {
    Receipt[] none = new Receipt[1];
    return none[0];
  }

  @Override
  public Map<String, String> invariants(StateView state) {
    return Map.of();
  }

  static byte[] key(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
