package io.forkless.host.migration;

import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.host.metering.StepShare;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

/**
 * The state a migration step sees: every key it reads or writes is counted against the block's
 * {@link StepBudget} (its metered steps are counted by the step's meter, in a {@link StepShare}).
 * One counter is shared by the steps of one block.
 */
final class CountingState implements State {

  private final State delegate;
  private final Counter counter;
  private long writes;

  /**
   * Keys touched in one block, against its budget, and the block's share of metered steps: the
   * share is used when either is.
   */
  static final class Counter {
    private final StepBudget budget;
    private final StepShare steps;
    private long used;

    Counter(StepBudget budget, StepShare steps) {
      this.budget = budget;
      this.steps = steps;
    }

    boolean exhausted() {
      return used >= budget.keysPerBlock() || steps.exhausted();
    }

    StepShare steps() {
      return steps;
    }

    boolean overran() {
      return used > budget.hardLimit();
    }

    long used() {
      return used;
    }
  }

  CountingState(State delegate, Counter counter) {
    this.delegate = delegate;
    this.counter = counter;
  }

  /** {@code view} with every key read (got or scanned) counted against {@code counter}. */
  static StateView reading(StateView view, Counter counter) {
    return new StateView() {
      @Override
      public Optional<byte[]> get(byte[] key) {
        counter.used++;
        return view.get(key);
      }

      @Override
      public void scan(byte[] prefix, BiConsumer<byte[], byte[]> action) {
        view.scan(
            prefix,
            (k, v) -> {
              counter.used++;
              action.accept(k, v);
            });
      }

      @Override
      public void scanAfter(byte[] prefix, byte[] after, BiPredicate<byte[], byte[]> action) {
        view.scanAfter(
            prefix,
            after,
            (k, v) -> {
              counter.used++;
              return action.test(k, v);
            });
      }
    };
  }

  long writes() {
    return writes;
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    counter.used++;
    return delegate.get(key);
  }

  @Override
  public void scan(byte[] prefix, BiConsumer<byte[], byte[]> action) {
    delegate.scan(
        prefix,
        (k, v) -> {
          counter.used++;
          action.accept(k, v);
        });
  }

  @Override
  public void scanAfter(byte[] prefix, byte[] after, BiPredicate<byte[], byte[]> action) {
    delegate.scanAfter(
        prefix,
        after,
        (k, v) -> {
          counter.used++;
          return action.test(k, v);
        });
  }

  @Override
  public void put(byte[] key, byte[] value) {
    counter.used++;
    writes++;
    delegate.put(key, value);
  }

  @Override
  public void delete(byte[] key) {
    counter.used++;
    writes++;
    delegate.delete(key);
  }
}
