package io.forkless.host.upgrade;

import io.forkless.host.ForklessException;

/**
 * An upgrade cannot be scheduled, cancelled or rolled back as asked; the message says why and what
 * to do. Nothing changed.
 */
public final class UpgradeRefusedException extends ForklessException {

  public UpgradeRefusedException(String message) {
    super(message);
  }

  public UpgradeRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
