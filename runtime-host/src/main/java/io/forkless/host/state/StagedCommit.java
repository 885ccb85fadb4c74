package io.forkless.host.state;

import com.google.common.hash.HashCode;

/**
 * A top-level overlay whose new state root has been computed, ready for {@link StateStore#commit}.
 * Staging does not close the overlay; the staged commit is valid until the overlay is written again
 * (stage again then) or the store commits or restores anything else.
 */
public final class StagedCommit {

  private final Overlay overlay;
  private final LtHash newHash;
  private final HashCode stateRoot;
  private final long modifications;

  StagedCommit(Overlay overlay, LtHash newHash) {
    this.overlay = overlay;
    this.modifications = overlay.modifications();
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

  /** True when the overlay was written after staging. */
  boolean isOutdated() {
    return overlay.modifications() != modifications;
  }

  LtHash newHash() {
    return newHash;
  }
}
