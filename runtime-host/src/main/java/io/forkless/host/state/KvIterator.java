package io.forkless.host.state;

/**
 * A forward cursor over entries in ascending unsigned key order, fixed when it was created (later
 * writes are not seen). Must be closed.
 */
interface KvIterator extends AutoCloseable {

  boolean valid();

  byte[] key();

  byte[] value();

  void next();

  @Override
  void close();
}
