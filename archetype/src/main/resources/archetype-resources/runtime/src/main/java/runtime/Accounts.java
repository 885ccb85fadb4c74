package ${package}.runtime;

import io.forkless.api.State;
import io.forkless.api.StateView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * This runtime's state layout (version 2): {@code acct/NAME} (ASCII) to a 16-byte record, the
 * balance then the nonce (the number of transfers the account sent), both 64-bit big-endian. The
 * dev chain's balances 1.0.0 stores an 8-byte balance under the same keys (layout 1); the add_nonce
 * migration rewrites those.
 */
final class Accounts {

  static final String PREFIX = "acct/";
  static final int RECORD_LENGTH = 16;

  /** One account. */
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

  static byte[] key(String name) {
    return (PREFIX + name).getBytes(StandardCharsets.US_ASCII);
  }

  static Optional<Account> read(StateView state, String name) {
    return state.get(key(name)).map(Accounts::decode);
  }

  static void write(State state, String name, Account account) {
    state.put(key(name), encode(account));
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
