package io.forkless.host.metering;

import io.forkless.api.State;
import io.forkless.api.StateView;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import org.jspecify.annotations.Nullable;

/**
 * The state as metered code sees it: every access is a host function, charged a fixed {@link
 * CostTable#STATE_ACCESS} plus its bytes to the meter installed on the thread (not instrumented:
 * the host's own code runs at full speed).
 */
class MeteredState implements State {

  private final StateView view;
  private final @Nullable State state;

  private MeteredState(StateView view, @Nullable State state) {
    this.view = view;
    this.state = state;
  }

  static State of(State state) {
    return new MeteredState(state, state);
  }

  static StateView of(StateView view) {
    return new ReadOnly(view);
  }

  private static void charge(byte[] key, byte[] value) {
    Meter.required()
        .charge(
            CostTable.STATE_ACCESS + (key.length + (long) value.length) / CostTable.BYTES_PER_STEP);
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    Optional<byte[]> value = view.get(key);
    charge(key, value.orElse(EMPTY));
    return value;
  }

  @Override
  public void scan(byte[] prefix, BiConsumer<byte[], byte[]> action) {
    charge(prefix, EMPTY);
    view.scan(
        prefix,
        (k, v) -> {
          charge(k, v);
          action.accept(k, v);
        });
  }

  @Override
  public void scanAfter(byte[] prefix, byte[] after, BiPredicate<byte[], byte[]> action) {
    // Forwarded, not the interface's default: the store seeks to the cursor instead of scanning the
    // prefix from its start, and every entry visited is charged like a scan's.
    charge(prefix, after);
    view.scanAfter(
        prefix,
        after,
        (k, v) -> {
          charge(k, v);
          return action.test(k, v);
        });
  }

  @Override
  public void put(byte[] key, byte[] value) {
    charge(key, value);
    writable().put(key, value);
  }

  @Override
  public void delete(byte[] key) {
    charge(key, EMPTY);
    writable().delete(key);
  }

  private static final byte[] EMPTY = new byte[0];

  private State writable() {
    if (state == null) {
      throw new UnsupportedOperationException("this view of the state is read-only");
    }
    return state;
  }

  /** A read-only view: no put or delete, not even by a cast. */
  private static final class ReadOnly implements StateView {
    private final MeteredState inner;

    ReadOnly(StateView view) {
      this.inner = new MeteredState(view, null);
    }

    @Override
    public Optional<byte[]> get(byte[] key) {
      return inner.get(key);
    }

    @Override
    public void scan(byte[] prefix, BiConsumer<byte[], byte[]> action) {
      inner.scan(prefix, action);
    }

    @Override
    public void scanAfter(byte[] prefix, byte[] after, BiPredicate<byte[], byte[]> action) {
      inner.scanAfter(prefix, after, action);
    }
  }
}
