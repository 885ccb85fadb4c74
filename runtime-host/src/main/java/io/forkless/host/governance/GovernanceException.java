package io.forkless.host.governance;

import io.forkless.host.ForklessException;

/**
 * A governance transaction was refused: bad signature, unknown validator, wrong proposal state, and
 * so on. The message says which rule it broke. A refused transaction changes no state.
 */
public final class GovernanceException extends ForklessException {

  public GovernanceException(String message) {
    super(message);
  }
}
