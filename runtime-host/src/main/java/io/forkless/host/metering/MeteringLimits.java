package io.forkless.host.metering;

import java.nio.ByteBuffer;

/**
 * The limits every node applies alike to runtime and migration code; chain parameters, stored at
 * genesis in the host namespace and changed only by governance.
 *
 * @param txSteps steps one transaction (or one call of loaded code outside a block) may use
 * @param blockSteps steps all runtime transactions of one block may use together; a transaction
 *     that would pass it fails with "out of steps" and later ones of the block fail at once
 * @param maxCallDepth nested calls of loaded code, counted by the instrumentation (never the JVM's
 *     stack, whose size differs between nodes)
 * @param txMemoryBytes bytes one transaction may allocate in arrays, strings and sized JDK calls
 * @param loadSteps steps for class initialisation and construction when a JAR is loaded
 * @param migrationSteps steps a single-block migration (migrate and validate) may use
 */
public record MeteringLimits(
    long txSteps,
    long blockSteps,
    int maxCallDepth,
    long txMemoryBytes,
    long loadSteps,
    long migrationSteps) {

  /**
   * Defaults: about 10 ms of transfer-like code per transaction on a current core (a balances
   * transfer uses a few hundred steps), 100 transactions' worth per block, a depth far below what
   * the smallest default thread stack allows, 64 MiB per transaction.
   */
  public static final MeteringLimits DEFAULT =
      new MeteringLimits(10_000_000L, 1_000_000_000L, 256, 64L << 20, 50_000_000L, 20_000_000_000L);

  /** Encoded length in bytes. */
  static final int ENCODED_LENGTH = 8 + 8 + 4 + 8 + 8 + 8;

  public MeteringLimits {
    positive(txSteps, "txSteps");
    positive(blockSteps, "blockSteps");
    positive(maxCallDepth, "maxCallDepth");
    positive(txMemoryBytes, "txMemoryBytes");
    positive(loadSteps, "loadSteps");
    positive(migrationSteps, "migrationSteps");
    if (maxCallDepth > 2_000) {
      // Each metered frame may use a few hundred bytes of the JVM stack; 2,000 frames fit in the
      // JVM's smallest usable default stack on every supported platform.
      throw new IllegalArgumentException("maxCallDepth " + maxCallDepth + " is above 2000");
    }
  }

  /** Big-endian fixed-width encoding, as stored in the host namespace. */
  public byte[] encode() {
    return ByteBuffer.allocate(ENCODED_LENGTH)
        .putLong(txSteps)
        .putLong(blockSteps)
        .putInt(maxCallDepth)
        .putLong(txMemoryBytes)
        .putLong(loadSteps)
        .putLong(migrationSteps)
        .array();
  }

  /**
   * @throws IllegalArgumentException if {@code bytes} is not an encoding of valid limits
   */
  public static MeteringLimits decode(byte[] bytes) {
    if (bytes.length != ENCODED_LENGTH) {
      throw new IllegalArgumentException(
          "metering limits take " + ENCODED_LENGTH + " bytes, not " + bytes.length);
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    return new MeteringLimits(
        b.getLong(), b.getLong(), b.getInt(), b.getLong(), b.getLong(), b.getLong());
  }

  private static void positive(long value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }
}
