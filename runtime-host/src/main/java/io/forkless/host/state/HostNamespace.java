package io.forkless.host.state;

import io.forkless.api.State;
import io.forkless.api.StateView;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

/**
 * The host's part of the key space: every key whose first byte is {@code 0x00} (governance records,
 * for instance). Runtimes and migrations see the state through {@link #guard}, which hides those
 * keys and refuses to write them, so no loaded code can forge a vote or an approval.
 */
public final class HostNamespace {

  /** The first byte of every host key. */
  public static final byte PREFIX = 0;

  private HostNamespace() {}

  /** True when {@code key} belongs to the host. */
  public static boolean isHostKey(byte[] key) {
    return key.length > 0 && key[0] == PREFIX;
  }

  /** {@code state} as loaded code may see it: host keys invisible and unwritable. */
  public static State guard(State state) {
    return new Guarded(state);
  }

  /** {@code view} with host keys invisible, read-only. */
  public static StateView guard(StateView view) {
    return new GuardedView(view);
  }

  private static IllegalArgumentException refused(byte[] key) {
    return new IllegalArgumentException(
        "keys starting with byte 0x00 belong to the host; runtimes and migrations cannot write them");
  }

  private static class GuardedView implements StateView {
    private final StateView view;

    GuardedView(StateView view) {
      this.view = view;
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
      return isHostKey(key) ? Optional.empty() : view.get(key);
    }

    @Override
    public void scan(byte[] prefix, BiConsumer<byte[], byte[]> action) {
      view.scan(
          prefix,
          (k, v) -> {
            if (!isHostKey(k)) {
              action.accept(k, v);
            }
          });
    }

    @Override
    public void scanAfter(byte[] prefix, byte[] after, BiPredicate<byte[], byte[]> action) {
      view.scanAfter(prefix, after, (k, v) -> isHostKey(k) || action.test(k, v));
    }
  }

  private static final class Guarded extends GuardedView implements State {
    private final State state;

    Guarded(State state) {
      super(state);
      this.state = state;
    }

    @Override
    public void put(byte[] key, byte[] value) {
      if (isHostKey(key)) {
        throw refused(key);
      }
      state.put(key, value);
    }

    @Override
    public void delete(byte[] key) {
      if (isHostKey(key)) {
        throw refused(key);
      }
      state.delete(key);
    }
  }
}
