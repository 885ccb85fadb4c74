package ${package}.runtime;

import io.forkless.api.State;
import io.forkless.api.StateView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * This runtime's state layout (version 2). An account is a raw Ed25519 public key (32 bytes):
 *
 * <ul>
 *   <li>{@code acct/HEX} (HEX: the key as 64 lowercase hex characters) to a 16-byte record: the
 *       balance, then the nonce (the nonce the account's next transaction must carry), both 64-bit
 *       big-endian;
 *   <li>{@code name/NAME} to the raw key of an account genesis named (1..32 of [a-z0-9_]).
 * </ul>
 *
 * The dev chain's balances 1.0.0 (layout 1) stores an 8-byte balance under {@code acct/HEX} and the
 * nonce apart under {@code nonce/HEX}; the add_nonce migration folds them into this record.
 */
final class Accounts {

  static final String PREFIX = "acct/";
  static final String NAME_PREFIX = "name/";
  static final int KEY_LENGTH = 32;
  static final int RECORD_LENGTH = 16;

  private static final HexFormat HEX = HexFormat.of();

  /** One account's record. */
  record Account(long balance, long nonce) {}

  private Accounts() {}

  /** 1..32 of [a-z0-9_]; a loop, not a regex: the node's verifier refuses regular expressions. */
  static boolean validName(String name) {
    if (name.isEmpty() || name.length() > 32) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** The 32 bytes of 64 lowercase hex characters, or null when {@code text} is not that. */
  static byte[] parseKey(String text) {
    if (text.length() != 2 * KEY_LENGTH) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return null;
      }
    }
    return HEX.parseHex(text);
  }

  static String hex(byte[] key) {
    return HEX.formatHex(key);
  }

  /** The account {@code text} denotes: a 64-hex public key, or a name genesis recorded; or null. */
  static byte[] resolve(StateView state, String text) {
    byte[] key = parseKey(text);
    if (key != null) {
      return key;
    }
    if (!validName(text)) {
      return null;
    }
    return state.get(nameKey(text)).orElse(null);
  }

  static byte[] key(byte[] account) {
    return (PREFIX + hex(account)).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] nameKey(String name) {
    return (NAME_PREFIX + name).getBytes(StandardCharsets.US_ASCII);
  }

  static Optional<Account> read(StateView state, byte[] account) {
    return state.get(key(account)).map(Accounts::decode);
  }

  static void write(State state, byte[] account, Account record) {
    state.put(key(account), encode(record));
  }

  static byte[] encode(Account account) {
    return ByteBuffer.allocate(RECORD_LENGTH)
        .putLong(account.balance())
        .putLong(account.nonce())
        .array();
  }

  /** Fails loudly on a record of another layout: the runtime never guesses. */
  static Account decode(byte[] value) {
    if (value.length != RECORD_LENGTH) {
      throw new IllegalStateException(
          "account record of "
              + value.length
              + " bytes, expected "
              + RECORD_LENGTH
              + " (layout 2): was the add_nonce migration run?");
    }
    ByteBuffer b = ByteBuffer.wrap(value);
    return new Account(b.getLong(), b.getLong());
  }
}
