package io.forkless.node.dashboard;

import io.forkless.host.chain.Block;
import io.forkless.host.chain.Chain;
import java.util.OptionalDouble;

/** The measured block time: the mean interval over the last blocks' header timestamps. */
public final class BlockTimes {

  /** How many intervals the mean covers at most. */
  public static final int WINDOW = 20;

  private BlockTimes() {}

  /**
   * The mean milliseconds between the head and the block {@link #WINDOW} below it (fewer near
   * genesis); empty at genesis.
   */
  public static OptionalDouble measuredMillis(Chain chain) {
    Block head = chain.head();
    long back = Math.min(WINDOW, head.height());
    if (back == 0) {
      return OptionalDouble.empty();
    }
    return chain
        .block(head.height() - back)
        .map(
            b ->
                OptionalDouble.of(
                    (head.header().timestampMillis() - b.header().timestampMillis())
                        / (double) back))
        .orElse(OptionalDouble.empty());
  }
}
