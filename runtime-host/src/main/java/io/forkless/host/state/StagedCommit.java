package io.forkless.host.state;

import com.google.common.hash.HashCode;

/**
 * A top-level overlay whose new state root has been computed, ready for {@link StateStore#commit}.
 * Valid until the store commits or restores anything else.
 */
public final class StagedCommit {

  private final Overlay overlay;
  private final LtHash newHash;
  private final HashCode stateRoot;

  StagedCommit(Overlay overlay, LtHash newHash) {
    this.overlay = overlay;
    this.newHash = newHash;
    this.stateRoot = newHash.root();
  }

  /** The state root the store will have once this is committed. */
  public HashCode stateRoot() {
    return stateRoot;
  }

  Overlay overlay() {
    return overlay;
  }

  LtHash newHash() {
    return newHash;
  }
}
