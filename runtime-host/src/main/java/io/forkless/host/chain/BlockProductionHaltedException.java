package io.forkless.host.chain;

import io.forkless.host.ForklessException;

/**
 * This node cannot produce or import the next block now (a local failure such as a missing runtime
 * JAR). Nothing was committed; the producer logs the alert and retries on its next tick.
 */
public class BlockProductionHaltedException extends ForklessException {

  public BlockProductionHaltedException(String message) {
    super(message);
  }

  public BlockProductionHaltedException(String message, Throwable cause) {
    super(message, cause);
  }
}
