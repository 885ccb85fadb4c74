package io.forkless.host.migration;

import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.host.state.HostNamespace;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Where the chain keeps a multi-block migration's share of each block ({@link StepBudget}): one key
 * in the host namespace, read at every block a migration runs in, so every node stops a step at the
 * same key. Absent (every chain that never set it) means {@link StepBudget#DEFAULT}.
 *
 * <pre>
 * 0x00 "params/migration"   format (1) = 1, keys per block (8)
 * </pre>
 */
public final class MigrationParameters {

  /** {@code 0x00 || "params/migration"}. */
  public static final byte[] KEY = key();

  private static final byte FORMAT = 1;

  private MigrationParameters() {}

  /**
   * The budget in force in {@code state}.
   *
   * @throws IllegalStateException if the stored record is not one (corrupt chain state)
   */
  public static StepBudget read(StateView state) {
    return state
        .get(KEY)
        .map(
            b -> {
              if (b.length != 9 || b[0] != FORMAT) {
                throw new IllegalStateException(
                    "the migration budget record in chain state is not format 1 ("
                        + b.length
                        + " bytes)");
              }
              long keys = ByteBuffer.wrap(b, 1, 8).getLong();
              if (keys < 1) {
                throw new IllegalStateException(
                    "the migration budget record in chain state holds " + keys + " keys per block");
              }
              return new StepBudget(keys);
            })
        .orElse(StepBudget.DEFAULT);
  }

  /** Records {@code budget} (at genesis, or by a governance transaction). */
  public static void write(State state, StepBudget budget) {
    state.put(KEY, ByteBuffer.allocate(9).put(FORMAT).putLong(budget.keysPerBlock()).array());
  }

  private static byte[] key() {
    byte[] name = "params/migration".getBytes(StandardCharsets.US_ASCII);
    byte[] key = new byte[name.length + 1];
    key[0] = HostNamespace.PREFIX;
    System.arraycopy(name, 0, key, 1, name.length);
    return key;
  }
}
