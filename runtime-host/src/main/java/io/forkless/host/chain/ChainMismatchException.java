package io.forkless.host.chain;

import io.forkless.host.ForklessException;

/** The store does not hold this chain in a consistent state (another chain, or a root mismatch). */
public final class ChainMismatchException extends ForklessException {

  public ChainMismatchException(String message) {
    super(message);
  }
}
