package ${package}.runtime;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.Runtime;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.api.TransactionValidity;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Runtime 2.0.0: balances of Ed25519 accounts, each with a nonce, moved by signed transfers.
 *
 * <p>Every transaction is a {@link SignedTransaction} whose call is {@code transfer TO AMOUNT}, TO
 * being a genesis name or a 64-hex public key; a last word starting with {@code #} is a tag the
 * runtime ignores. A transaction is <em>refused</em> ({@link Receipt#rejected}, nothing written)
 * when it is malformed, signed for another chain, not signed by its sender's key, sent from a key
 * with no account, or carries another nonce than the account's next one. Once the sender is
 * authenticated the nonce is used whatever the call does: a call that fails (insufficient funds,
 * unknown recipient…) gets {@link Receipt#failed}, which keeps the nonce write and nothing else, so
 * the sender's next transaction is never stuck behind it.
 *
 * <p>Signatures are checked with the host's {@code ed25519Verify} ({@link BlockContext#host()}): a
 * runtime must not bring its own crypto (the node's bytecode verifier refuses the JDK's). The
 * runtime reads only its state and arguments, so every node computes the same result.
 */
public final class AppRuntime implements Runtime {

  /** Also the manifest's Forkless-Runtime-Version (the pom's forkless.runtime.version). */
  public static final RuntimeVersion VERSION = RuntimeVersion.of(2, 0, 0);

  /** The most money there can be: genesis balances add up to at most this. */
  static final long MAX_SUPPLY = 1_000_000_000_000_000_000L;

  @Override
  public RuntimeVersion version() {
    return VERSION;
  }

  @Override
  public int stateLayoutVersion() {
    return 2;
  }

  @Override
  public void initGenesis(State state, Map<String, Object> genesis) {
    Genesis.write(state, genesis, MAX_SUPPLY);
  }

  @Override
  public TransactionValidity validate(StateView state, BlockContext block, byte[] transaction) {
    Authenticated auth = authenticate(state, block, transaction);
    if (auth.refusal() != null) {
      return TransactionValidity.invalid(auth.refusal());
    }
    long accountNonce = auth.account().nonce();
    if (auth.tx().nonce() < accountNonce) {
      return TransactionValidity.invalid(nonceReason(auth.tx().nonce(), accountNonce));
    }
    // A later nonce is valid: the mempool holds it until the ones before it are included.
    return TransactionValidity.ordered(auth.tx().sender(), auth.tx().nonce(), accountNonce);
  }

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    // Check everything again: a block may hold what no mempool of ours admitted.
    Authenticated auth = authenticate(state, block, transaction);
    if (auth.refusal() != null) {
      return Receipt.rejected(auth.refusal());
    }
    SignedTransaction tx = auth.tx();
    Accounts.Account sender = auth.account();
    if (tx.nonce() != sender.nonce()) {
      return Receipt.rejected(nonceReason(tx.nonce(), sender.nonce()));
    }
    Accounts.Account used = new Accounts.Account(sender.balance(), sender.nonce() + 1);
    String failure = transfer(state, tx.sender(), used, tx.callText());
    if (failure != null) {
      // Authenticated, so the nonce is used: write it, and nothing else, before failing.
      Accounts.write(state, tx.sender(), used);
      return Receipt.failed(failure);
    }
    return Receipt.ok("nonce " + used.nonce());
  }

  /**
   * Queries (ASCII): {@code account NAME|HEX} answers JSON {@code
   * {"account":HEX,"exists":BOOL,"balance":N,"nonce":N}}, what {@code forkless account} shows.
   */
  @Override
  public byte[] query(StateView state, byte[] request) {
    String[] words = new String(request, StandardCharsets.US_ASCII).split(" ", -1);
    if (words.length != 2 || !words[0].equals("account")) {
      throw new IllegalArgumentException("unknown query: expected 'account NAME|PUBLIC_KEY_HEX'");
    }
    byte[] account = Accounts.resolve(state, words[1]);
    if (account == null) {
      throw new IllegalArgumentException(
          "'" + words[1] + "' is neither a genesis name nor a 64-hex public key");
    }
    Optional<Accounts.Account> found = Accounts.read(state, account);
    Accounts.Account record = found.orElse(new Accounts.Account(0, 0));
    String json =
        "{\"account\":\""
            + Accounts.hex(account)
            + "\",\"exists\":"
            + found.isPresent()
            + ",\"balance\":"
            + record.balance()
            + ",\"nonce\":"
            + record.nonce()
            + "}";
    return json.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public Map<String, String> invariants(StateView state) {
    long[] totals = new long[2];
    state.scan(
        Accounts.PREFIX.getBytes(StandardCharsets.US_ASCII),
        (key, value) -> {
          totals[0] = Math.addExact(totals[0], Accounts.decode(value).balance());
          totals[1]++;
        });
    return Map.of(
        "totalSupply", Long.toString(totals[0]), "accountCount", Long.toString(totals[1]));
  }

  /**
   * Runs the call of an authenticated sender whose record, nonce already counted, is {@code used}.
   * Returns null on success (both records written), else why it failed (nothing written).
   */
  private static String transfer(State state, byte[] from, Accounts.Account used, String call) {
    String[] words = call.split(" ", -1);
    int length = words.length;
    if (length > 1 && words[length - 1].startsWith("#")) {
      length--;
    }
    if (length != 3 || !words[0].equals("transfer")) {
      return "malformed call: expected 'transfer TO AMOUNT'";
    }
    long amount = parseAmount(words[2]);
    if (amount <= 0) {
      return "amount must be a whole number from 1 to "
          + MAX_SUPPLY
          + " but was '"
          + words[2]
          + "'";
    }
    byte[] to = Accounts.resolve(state, words[1]);
    if (to == null) {
      return "unknown recipient '" + words[1] + "': give a genesis name or a 64-hex public key";
    }
    if (Arrays.equals(from, to)) {
      return "sender and recipient are the same account";
    }
    if (used.balance() < amount) {
      // The sender may learn only what it asked for, not its balance from a receipt others read.
      return "insufficient funds for a transfer of " + amount;
    }
    Accounts.Account recipient = Accounts.read(state, to).orElse(new Accounts.Account(0, 0));
    // No overflow: genesis caps the total supply at MAX_SUPPLY and transfers keep it.
    Accounts.write(state, from, new Accounts.Account(used.balance() - amount, used.nonce()));
    Accounts.write(
        state, to, new Accounts.Account(recipient.balance() + amount, recipient.nonce()));
    return null;
  }

  /** 1..MAX_SUPPLY written in decimal digits only, else -1 (no sign, no spaces, no overflow). */
  private static long parseAmount(String text) {
    if (text.isEmpty() || text.length() > 19) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
      if (value > MAX_SUPPLY) {
        return -1;
      }
    }
    return value;
  }

  private static String nonceReason(long nonce, long accountNonce) {
    return (nonce < accountNonce ? "replayed nonce " : "future nonce ")
        + nonce
        + ": the account's next nonce is "
        + accountNonce;
  }

  /** A decoded transaction whose signature and sender checked out, with its record; or why not. */
  private record Authenticated(String refusal, SignedTransaction tx, Accounts.Account account) {
    static Authenticated refused(String why) {
      return new Authenticated(why, null, null);
    }
  }

  private static Authenticated authenticate(StateView state, BlockContext block, byte[] bytes) {
    String malformed = SignedTransaction.malformedReason(bytes);
    if (malformed != null) {
      return Authenticated.refused(malformed);
    }
    SignedTransaction tx = SignedTransaction.decode(bytes);
    if (!tx.chainId().equals(block.chainId())) {
      return Authenticated.refused(
          "wrong chain: signed for '" + tx.chainId() + "' but this is '" + block.chainId() + "'");
    }
    if (!block.host().ed25519Verify(tx.sender(), tx.signedMessage(), tx.signature())) {
      return Authenticated.refused(
          "bad signature: not the sender's signature of this chain id, nonce and call");
    }
    Accounts.Account account = Accounts.read(state, tx.sender()).orElse(null);
    if (account == null) {
      return Authenticated.refused("unknown account: the sender has no record on this chain");
    }
    return new Authenticated(null, tx, account);
  }
}
