package io.forkless.host.chain;

import io.forkless.host.ForklessException;

/**
 * A block given to {@link Chain#importBlock} does not follow the head or does not execute to the
 * header it claims (state root, runtime, ...). Nothing was committed.
 */
public final class BlockRejectedException extends ForklessException {

  public BlockRejectedException(String message) {
    super(message);
  }
}
