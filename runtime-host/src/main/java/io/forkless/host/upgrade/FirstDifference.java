package io.forkless.host.upgrade;

import io.forkless.api.State;
import io.forkless.host.state.HostNamespace;
import io.forkless.host.state.SnapshotId;
import io.forkless.host.state.StateStore;
import java.util.Optional;
import java.util.function.BiConsumer;

/** A write target that stops a snapshot diff at its first write. */
final class FirstDifference implements State {

  private static final FirstDifference INSTANCE = new FirstDifference();

  private FirstDifference() {}

  /** Whether the committed runtime keys differ from the snapshot's; stops at the first. */
  static boolean runtimeStateDiffers(StateStore store, SnapshotId snapshot) {
    try {
      store.writeSnapshotDiff(snapshot, INSTANCE, k -> !HostNamespace.isHostKey(k));
      return false;
    } catch (Found e) {
      return true;
    }
  }

  private static final class Found extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Found() {
      super("the state differs", null, false, false);
    }
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    return Optional.empty();
  }

  @Override
  public void scan(byte[] prefix, BiConsumer<byte[], byte[]> action) {}

  @Override
  public void put(byte[] key, byte[] value) {
    throw new Found();
  }

  @Override
  public void delete(byte[] key) {
    throw new Found();
  }
}
