package ${package}.migration;

import io.forkless.api.MigrationContext;
import io.forkless.api.MigrationException;
import io.forkless.api.State;
import io.forkless.api.StateMigration;
import io.forkless.api.StateView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * add_nonce: from balances 1.0.0's layout (1) to runtime 2.0.0's (2). In layout 1 an account {@code
 * acct/HEX} holds an 8-byte balance and its nonce lives apart under {@code nonce/HEX} (8 bytes;
 * absent means 0). Layout 2 keeps both in one 16-byte record, balance then nonce. Each account's
 * nonce is carried over exactly, so a transaction signed before the upgrade can never be replayed
 * after it, and the {@code nonce/} keys are deleted. Genesis names ({@code name/NAME}) stay as they
 * are.
 *
 * <p>Both layouts are written out here, not borrowed from the runtime: the plugin loads alone, in
 * its own class loader. Deterministic, and keeps nothing between calls.
 */
@Extension
public final class AddNonceMigration implements StateMigration {

  static final String NAME = "add_nonce";
  static final String ACCOUNT_PREFIX = "acct/";
  static final String NONCE_PREFIX = "nonce/";
  private static final byte[] ACCOUNTS = bytes(ACCOUNT_PREFIX);
  private static final byte[] NONCES = bytes(NONCE_PREFIX);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void migrate(State state, MigrationContext context) {
    // Collect first, then write: the plan is read from the state as it was.
    List<byte[][]> records = new ArrayList<>();
    state.scan(ACCOUNTS, (key, value) -> records.add(new byte[][] {key, value}));
    List<byte[]> nonceKeys = new ArrayList<>();
    state.scan(NONCES, (key, value) -> nonceKeys.add(key));
    for (byte[] nonceKey : nonceKeys) {
      if (state.get(accountKeyOf(nonceKey)).isEmpty()) {
        throw new MigrationException(NAME, nonceKey, "a nonce of an account with no record");
      }
    }
    long done = 0;
    for (byte[][] record : records) {
      if (record[1].length != 8) {
        throw new MigrationException(
            NAME, record[0], "expected an 8-byte layout-1 record but found " + record[1].length);
      }
      byte[] nonceKey = nonceKeyOf(record[0]);
      long nonce = nonceIn(state, nonceKey);
      long balance = ByteBuffer.wrap(record[1]).getLong();
      state.put(record[0], ByteBuffer.allocate(16).putLong(balance).putLong(nonce).array());
      if (state.get(nonceKey).isPresent()) {
        state.delete(nonceKey);
      }
      context.progress(++done, records.size());
    }
  }

  @Override
  public void validate(StateView before, StateView after) {
    List<byte[]> keys = new ArrayList<>();
    before.scan(ACCOUNTS, (key, value) -> keys.add(key));
    for (byte[] key : keys) {
      Optional<byte[]> now = after.get(key);
      if (now.isEmpty() || now.get().length != 16) {
        throw new MigrationException(NAME, key, "record was not rewritten to 16 bytes");
      }
      ByteBuffer b = ByteBuffer.wrap(now.get());
      if (b.getLong() != ByteBuffer.wrap(before.get(key).orElseThrow()).getLong()) {
        throw new MigrationException(NAME, key, "balance changed");
      }
      long expected = nonceIn(before, nonceKeyOf(key));
      if (b.getLong() != expected) {
        throw new MigrationException(
            NAME, key, "nonce is not the account's nonce before the upgrade, " + expected);
      }
    }
    long[] count = new long[1];
    after.scan(ACCOUNTS, (key, value) -> count[0]++);
    if (count[0] != keys.size()) {
      throw new MigrationException(
          NAME, "account count changed from " + keys.size() + " to " + count[0]);
    }
    after.scan(
        NONCES,
        (key, value) -> {
          throw new MigrationException(NAME, key, "a layout-1 nonce key is left");
        });
    byte[] names = bytes("name/");
    before.scan(
        names,
        (key, value) -> {
          if (!Arrays.equals(after.get(key).orElse(null), value)) {
            throw new MigrationException(NAME, key, "a genesis name changed");
          }
        });
  }

  private static long nonceIn(StateView state, byte[] nonceKey) {
    Optional<byte[]> value = state.get(nonceKey);
    if (value.isEmpty()) {
      return 0;
    }
    if (value.get().length != 8) {
      throw new MigrationException(
          NAME, nonceKey, "expected an 8-byte nonce but found " + value.get().length);
    }
    return ByteBuffer.wrap(value.get()).getLong();
  }

  /** {@code acct/HEX} to {@code nonce/HEX}. */
  private static byte[] nonceKeyOf(byte[] accountKey) {
    return bytes(NONCE_PREFIX + suffix(accountKey, ACCOUNTS.length));
  }

  /** {@code nonce/HEX} to {@code acct/HEX}. */
  private static byte[] accountKeyOf(byte[] nonceKey) {
    return bytes(ACCOUNT_PREFIX + suffix(nonceKey, NONCES.length));
  }

  private static String suffix(byte[] key, int from) {
    return new String(key, from, key.length - from, StandardCharsets.US_ASCII);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
