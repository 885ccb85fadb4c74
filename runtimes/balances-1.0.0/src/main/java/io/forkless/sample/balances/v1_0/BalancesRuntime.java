package io.forkless.sample.balances.v1_0;

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
 * Balances 1.0.0: accounts (Ed25519 public keys) with balances, nonces and signed transfers.
 *
 * <p>Every transaction is a {@link SignedTransaction} envelope whose call is ASCII words separated
 * by single spaces (docs/state-encoding.md):
 *
 * <pre>
 * transfer TO AMOUNT [#TAG]     TO: a genesis name or a 64-hex public key
 * </pre>
 *
 * A trailing {@code #TAG} word is ignored. A transaction is refused, with nothing written, when it
 * is malformed, signed for another chain, badly signed, sent from an account with no record, or
 * carries a nonce other than the sender's next one; a refusal before the signature is checked says
 * nothing about the account. Once authenticated, a transaction uses its nonce even when its call
 * fails ({@link Receipt#failed}: the host keeps only the nonce write). Account record layout 1: the
 * balance as 8 bytes, big-endian.
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
  public void initGenesis(State state, Map<String, Object> genesis) {
    Genesis.write(state, genesis, this);
  }

  @Override
  public final Receipt apply(State state, BlockContext block, byte[] transaction) {
    Checked checked = check(state, block, transaction);
    if (checked.rejection() != null) {
      return Receipt.rejected(checked.rejection());
    }
    SignedTransaction tx = checked.tx();
    if (tx.nonce() != checked.accountNonce()) {
      return Receipt.rejected(nonceReason(tx.nonce(), checked.accountNonce()));
    }
    // Authenticated from here on: the nonce is used whatever the call does, so that the sender's
    // next transaction is never stuck behind a failed one.
    state.put(Codec.nonceKey(tx.sender()), Codec.longBytes(tx.nonce() + 1));
    String[] words = Codec.words(tx.call());
    if (words == null) {
      return Receipt.failed("malformed call: expected printable ASCII words");
    }
    if (words.length > 1 && words[words.length - 1].startsWith("#")) {
      words = Arrays.copyOf(words, words.length - 1);
    }
    Receipt receipt = dispatch(state, block, tx.sender(), words);
    // A failed call has written nothing (each checks before it writes): only the nonce is kept.
    return receipt.success() ? receipt : Receipt.failed(receipt.message());
  }

  @Override
  public final TransactionValidity validate(StateView state, BlockContext block, byte[] tx) {
    Checked checked = check(state, block, tx);
    if (checked.rejection() != null) {
      return TransactionValidity.invalid(checked.rejection());
    }
    if (checked.tx().nonce() < checked.accountNonce()) {
      return TransactionValidity.invalid(nonceReason(checked.tx().nonce(), checked.accountNonce()));
    }
    return TransactionValidity.ordered(
        checked.tx().sender(), checked.tx().nonce(), checked.accountNonce());
  }

  /**
   * Queries (ASCII): {@code account WHO} (WHO a genesis name or 64-hex public key) answers JSON
   * {@code {"account":HEX,"exists":BOOL,"nonce":N,"balance":N}} (2.0.0 adds {@code "staked"}).
   */
  @Override
  public final byte[] query(StateView state, byte[] request) {
    String[] words = Codec.words(request);
    if (words == null || words.length != 2 || !words[0].equals("account")) {
      throw new IllegalArgumentException("unknown query: expected 'account NAME|PUBLIC_KEY_HEX'");
    }
    byte[] account = resolve(state, words[1]);
    if (account == null) {
      throw new IllegalArgumentException(
          "'" + words[1] + "' is neither a genesis name nor a 64-hex public key");
    }
    Optional<long[]> record = readAccount(state, account);
    String json =
        "{\"account\":\""
            + Codec.hex(account)
            + "\",\"exists\":"
            + record.isPresent()
            + ",\"nonce\":"
            + nonce(state, account)
            + ","
            + describe(record.orElseGet(() -> newAccount(0)))
            + "}";
    return json.getBytes(StandardCharsets.US_ASCII);
  }

  /** Extension point: the JSON fields of an account record, e.g. {@code "balance":5}. */
  protected String describe(long[] account) {
    return "\"balance\":" + account[0];
  }

  /**
   * Extension point: runs one authenticated call of {@code sender}. Subclasses add kinds and fall
   * back to this method.
   */
  protected Receipt dispatch(State state, BlockContext block, byte[] sender, String[] words) {
    if (words[0].equals("transfer")) {
      if (words.length != 3) {
        return Receipt.rejected("malformed transfer: expected 'transfer TO AMOUNT'");
      }
      return transfer(state, sender, words[1], words[2]);
    }
    return Receipt.rejected("unknown transaction kind '" + words[0] + "'");
  }

  /** Moves {@code amountText} from the sender's balance to {@code toText}'s, creating it. */
  protected final Receipt transfer(State state, byte[] from, String toText, String amountText) {
    long amount = parseAmount(amountText);
    if (amount <= 0) {
      return Receipt.rejected("amount must be a positive integer but was '" + amountText + "'");
    }
    byte[] to = resolve(state, toText);
    if (to == null) {
      return Receipt.rejected(
          "unknown recipient '" + toText + "': give a genesis name or a 64-hex public key");
    }
    if (Arrays.equals(from, to)) {
      return Receipt.rejected("sender and recipient are the same account");
    }
    long[] fromAccount = readAccount(state, from).orElseGet(() -> newAccount(0));
    if (fromAccount[0] < amount) {
      // The sender is authenticated, yet the reason names only the amount asked for.
      return Receipt.rejected("insufficient funds for a transfer of " + amount);
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
    return Codec.longBytes(account[0]);
  }

  /** Extension point: how much of the total supply one account holds. */
  protected long supplyOf(long[] account) {
    return account[0];
  }

  /** The account record of {@code account}, if it exists. */
  protected final Optional<long[]> readAccount(StateView state, byte[] account) {
    return state.get(Codec.accountKey(account)).map(this::decodeAccount);
  }

  /** Stores the account record of {@code account}. */
  protected final void writeAccount(State state, byte[] account, long[] record) {
    state.put(Codec.accountKey(account), encodeAccount(record));
  }

  /** The account a genesis name or 64-hex public key denotes, or null. */
  protected static byte[] resolve(StateView state, String text) {
    byte[] key = Codec.parseKey(text);
    if (key != null) {
      return key;
    }
    if (!Codec.isValidName(text)) {
      return null;
    }
    return state.get(Codec.nameKey(text)).orElse(null);
  }

  private static long nonce(StateView state, byte[] account) {
    return state.get(Codec.nonceKey(account)).map(v -> Codec.getLong(v, 0)).orElse(0L);
  }

  private static String nonceReason(long nonce, long accountNonce) {
    return (nonce < accountNonce ? "replayed nonce " : "out-of-order nonce ")
        + nonce
        + ": the sender's next nonce is "
        + accountNonce;
  }

  /** A decoded, signature-checked transaction and its sender's nonce, or why not. */
  private record Checked(String rejection, SignedTransaction tx, long accountNonce) {}

  private Checked check(StateView state, BlockContext block, byte[] transaction) {
    String malformed = SignedTransaction.malformedReason(transaction);
    if (malformed != null) {
      return new Checked(malformed, null, 0);
    }
    SignedTransaction tx = SignedTransaction.decode(transaction);
    if (!tx.chainId().equals(block.chainId())) {
      return new Checked(
          "wrong chain: signed for '" + tx.chainId() + "' but this is '" + block.chainId() + "'",
          null,
          0);
    }
    if (!block.host().ed25519Verify(tx.sender(), tx.signedMessage(), tx.signature())) {
      return new Checked(
          "bad signature: not the sender's signature of this chain id, nonce and call", null, 0);
    }
    if (state.get(Codec.accountKey(tx.sender())).isEmpty()) {
      return new Checked("unknown account: the sender has no record on this chain", null, 0);
    }
    return new Checked(null, tx, nonce(state, tx.sender()));
  }
}
