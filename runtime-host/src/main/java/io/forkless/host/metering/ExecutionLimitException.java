package io.forkless.host.metering;

import io.forkless.host.ForklessException;

/**
 * Loaded code failed in a call the host made outside a transaction (loading, genesis, invariants, a
 * migration): it passed a metering limit, or threw an exception of its own class, whose message was
 * read under the meter. The message is deterministic and says which.
 */
public final class ExecutionLimitException extends ForklessException {

  private static final long serialVersionUID = 1L;

  ExecutionLimitException(String message) {
    super(message);
  }
}
