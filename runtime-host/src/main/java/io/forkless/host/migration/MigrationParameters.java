package io.forkless.host.migration;

import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.host.state.HostNamespace;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where the chain keeps a multi-block migration's share of each block ({@link StepBudget}): one key
 * in the host namespace, read at every block a migration runs in, so every node stops a step at the
 * same key. Absent (every chain that never set it) means {@link StepBudget#DEFAULT}.
 *
 * <pre>
 * 0x00 "params/migration"   format (1) = 1, keys per block (8)
 * </pre>
 *
 * <p>It is the governed chain parameter {@link #NAME}: the key is the one governance writes a
 * parameter of that name under ({@code 0x00 "params/" name}), and {@link #encode}/{@link #decode}
 * are its value format, so genesis, a governance change and every reader share this one record.
 * Valid values: 1 to {@link #MAX_KEYS_PER_BLOCK} keys per block ({@link #problem}).
 */
public final class MigrationParameters {

  /** The name governance changes the budget by ({@code 0x00 "params/migration"}). */
  public static final String NAME = "migration";

  /** {@code 0x00 || "params/migration"}. */
  public static final byte[] KEY = key();

  /**
   * The largest budget genesis or governance may set: ten million keys is already a block of
   * several seconds on RocksDB (1M accounts, two keys each, take 9 s in one block); a plan that
   * could use more per block should be a single-block migration.
   */
  public static final long MAX_KEYS_PER_BLOCK = 10_000_000L;

  private static final byte FORMAT = 1;
  private static final int LENGTH = 9;

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
              try {
                return decode(b);
              } catch (IllegalArgumentException e) {
                throw new IllegalStateException(
                    "the migration budget record in chain state is corrupt: " + e.getMessage(), e);
              }
            })
        .orElse(StepBudget.DEFAULT);
  }

  /** Records {@code budget} (at genesis, or by a governance transaction). */
  public static void write(State state, StepBudget budget) {
    state.put(KEY, encode(budget));
  }

  /** The record's bytes: format 1, keys per block. */
  public static byte[] encode(StepBudget budget) {
    return ByteBuffer.allocate(LENGTH).put(FORMAT).putLong(budget.keysPerBlock()).array();
  }

  /**
   * The budget {@code value} holds.
   *
   * @throws IllegalArgumentException if it is not a format-1 record of at least 1 key per block
   */
  public static StepBudget decode(byte[] value) {
    if (value.length != LENGTH || value[0] != FORMAT) {
      throw new IllegalArgumentException(
          "a migration budget is 9 bytes, format 1, then keys per block, but got "
              + value.length
              + " bytes"
              + (value.length > 0 ? " of format " + value[0] : ""));
    }
    long keys = ByteBuffer.wrap(value, 1, 8).getLong();
    if (keys < 1) {
      throw new IllegalArgumentException(
          "a migration budget must be at least 1 key per block but was " + keys);
    }
    return new StepBudget(keys);
  }

  /** Why {@code budget} cannot be set by genesis or governance, if it cannot. */
  public static Optional<String> problem(StepBudget budget) {
    if (budget.keysPerBlock() > MAX_KEYS_PER_BLOCK) {
      return Optional.of(
          "keysPerBlock "
              + budget.keysPerBlock()
              + " is above the limit of "
              + MAX_KEYS_PER_BLOCK
              + " keys per block (a block of several seconds); use a single-block migration"
              + " for work that large");
    }
    return Optional.empty();
  }

  /** Why {@code value} is not a valid encoded budget for genesis or governance, if it is not. */
  public static Optional<String> problem(byte[] value) {
    try {
      return problem(decode(value));
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  private static byte[] key() {
    byte[] name = ("params/" + NAME).getBytes(StandardCharsets.US_ASCII);
    byte[] key = new byte[name.length + 1];
    key[0] = HostNamespace.PREFIX;
    System.arraycopy(name, 0, key, 1, name.length);
    return key;
  }
}
