package io.forkless.testkit;

/**
 * A rehearsed upgrade failed where the node's would: the new runtime cannot follow the active one,
 * a migration threw or its validation failed, an invariant changed, or the state did not change
 * when migrations ran (or changed without any). The chain is left exactly as before.
 */
public final class UpgradeFailedException extends RuntimeException {

  UpgradeFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
