package io.forkless.host.chain;

import java.time.Clock;
import java.time.Duration;

/**
 * Settings of a {@link BlockProducer}.
 *
 * @param blockTime delay between blocks
 * @param maxTransactionsPerBlock most mempool transactions taken per block
 * @param clock the producer's clock for block timestamps
 */
public record ProducerConfig(Duration blockTime, int maxTransactionsPerBlock, Clock clock) {

  /**
   * @throws IllegalArgumentException if the block time is not positive or the limit below 1
   */
  public ProducerConfig {
    if (blockTime.isNegative() || blockTime.isZero()) {
      throw new IllegalArgumentException("block time must be positive but was " + blockTime);
    }
    if (maxTransactionsPerBlock < 1) {
      throw new IllegalArgumentException(
          "maxTransactionsPerBlock must be >= 1 but was " + maxTransactionsPerBlock);
    }
  }

  /** One-second blocks of at most 1,000 transactions, system clock. */
  public static ProducerConfig defaults() {
    return new ProducerConfig(Duration.ofSeconds(1), 1000, Clock.systemUTC());
  }
}
