package io.forkless.host.codec;

import io.forkless.host.ForklessException;

/**
 * The input is not a usable block file for this node: wrong magic or format version, another chain
 * id or genesis, a malformed or truncated record, or a trailer that does not match.
 */
public final class BlockFileException extends ForklessException {

  public BlockFileException(String message) {
    super(message);
  }

  public BlockFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
