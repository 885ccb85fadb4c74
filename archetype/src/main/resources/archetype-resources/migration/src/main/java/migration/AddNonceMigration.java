package ${package}.migration;

import io.forkless.api.MigrationContext;
import io.forkless.api.MigrationException;
import io.forkless.api.State;
import io.forkless.api.StateMigration;
import io.forkless.api.StateView;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pf4j.Extension;

/**
 * add_nonce: every account record of layout 1 (balances 1.0.0: an 8-byte balance under {@code
 * acct/NAME}) becomes layout 2 (runtime 2.0.0: balance then nonce 0, 16 bytes). Both encodings are
 * written out here, not borrowed from the runtime: the plugin loads alone in its own class loader.
 * Deterministic, and keeps nothing between calls.
 */
@Extension
public final class AddNonceMigration implements StateMigration {

  static final String NAME = "add_nonce";
  private static final byte[] PREFIX = "acct/".getBytes(StandardCharsets.US_ASCII);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void migrate(State state, MigrationContext context) {
    // Collect first: writing while scanning the same prefix is not allowed to change the scan.
    List<byte[][]> records = new ArrayList<>();
    state.scan(PREFIX, (key, value) -> records.add(new byte[][] {key, value}));
    long done = 0;
    for (byte[][] record : records) {
      if (record[1].length != 8) {
        throw new MigrationException(
            NAME, record[0], "expected an 8-byte layout-1 record but found " + record[1].length);
      }
      long balance = ByteBuffer.wrap(record[1]).getLong();
      state.put(record[0], ByteBuffer.allocate(16).putLong(balance).putLong(0).array());
      context.progress(++done, records.size());
    }
  }

  @Override
  public void validate(StateView before, StateView after) {
    List<byte[]> keys = new ArrayList<>();
    before.scan(PREFIX, (key, value) -> keys.add(key));
    for (byte[] key : keys) {
      byte[] old = before.get(key).orElseThrow();
      Optional<byte[]> now = after.get(key);
      if (now.isEmpty() || now.get().length != 16) {
        throw new MigrationException(NAME, key, "record was not rewritten to 16 bytes");
      }
      ByteBuffer b = ByteBuffer.wrap(now.get());
      if (b.getLong() != ByteBuffer.wrap(old).getLong() || b.getLong() != 0) {
        throw new MigrationException(NAME, key, "balance changed or nonce is not 0");
      }
    }
    long[] count = new long[1];
    after.scan(PREFIX, (key, value) -> count[0]++);
    if (count[0] != keys.size()) {
      throw new MigrationException(
          NAME, "account count changed from " + keys.size() + " to " + count[0]);
    }
  }
}
