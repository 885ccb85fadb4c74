package io.forkless.host.metering;

import com.google.common.collect.ImmutableMap;
import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.Runtime;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.api.TransactionValidity;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A loaded {@link Runtime} that only runs under a meter: every call the host makes goes through
 * here, so no code of the JAR ever runs unbounded. Inside a transaction (a meter is installed by
 * {@link MeteredExecution}) calls pass straight through; elsewhere (warm-up, genesis, invariants,
 * tools) each call gets its own meter: {@code apply} the transaction budget, {@code initGenesis}
 * and {@code invariants} the migration budget, the rest the load budget.
 *
 * <p>{@code apply} never throws for loaded code's failures: a limit or an exception becomes a
 * rejected receipt with a deterministic reason.
 */
public final class MeteredRuntime implements Runtime {

  private static final int STRIKES = 3;

  private final Runtime delegate;
  private final @Nullable MethodHandle constructor;
  private final Supplier<MeteringLimits> limits;
  private final AtomicInteger ambientStrikes = new AtomicInteger();

  private MeteredRuntime(Runtime delegate, Supplier<MeteringLimits> limits) {
    this.delegate = delegate;
    this.constructor = noArgConstructor(delegate.getClass());
    this.limits = limits;
  }

  /**
   * {@code runtime}, instrumented code, behind meters of {@code limits}. When its class has a
   * public no-arg constructor (every loaded runtime has), each call runs on a new instance made
   * under the call's meter, so nothing a call leaves in the object's fields reaches the next one (a
   * restarted node starts with a fresh object too); {@code runtime} itself serves only for its
   * class.
   */
  public static MeteredRuntime wrap(Runtime runtime, MeteringLimits limits) {
    return new MeteredRuntime(runtime, () -> limits);
  }

  /** As {@link #wrap(Runtime, MeteringLimits)}, with the limits in force at each call. */
  public static MeteredRuntime wrap(Runtime runtime, Supplier<MeteringLimits> limits) {
    return new MeteredRuntime(runtime, limits);
  }

  private static @Nullable MethodHandle noArgConstructor(Class<?> type) {
    try {
      return MethodHandles.publicLookup()
          .findConstructor(type, MethodType.methodType(void.class))
          .asType(MethodType.methodType(Runtime.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }

  /** A new instance of the runtime (or the one given, without a public no-arg constructor). */
  private Runtime fresh() {
    if (constructor == null) {
      return delegate;
    }
    try {
      return (Runtime) constructor.invokeExact();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      // Bytecode may throw a checked exception from a constructor.
      throw new IllegalStateException(
          "the runtime's constructor threw " + e.getClass().getName(), e);
    }
  }

  /** The loaded class of the runtime (for tools and tests; never call it unmetered). */
  public Class<?> implementation() {
    return delegate.getClass();
  }

  @Override
  public RuntimeVersion version() {
    MeteringLimits now = limits.get();
    return Metered.call(now.loadSteps(), now, "version()", () -> fresh().version());
  }

  @Override
  public int stateLayoutVersion() {
    MeteringLimits now = limits.get();
    return Metered.call(
        now.loadSteps(), now, "stateLayoutVersion()", () -> fresh().stateLayoutVersion());
  }

  @Override
  public void initGenesis(State state, Map<String, Object> genesis) {
    MeteringLimits now = limits.get();
    Metered.call(
        now.migrationSteps(),
        genesisMemoryBytes(now),
        now,
        "initGenesis",
        () -> {
          // Sorted: a Map.copyOf iterates in an order salted per JVM run.
          fresh()
              .initGenesis(
                  MeteredState.of(state),
                  Collections.unmodifiableSortedMap(new TreeMap<>(genesis)));
          return null;
        });
  }

  /**
   * Genesis reads the operator's whole {@code [genesis.runtime]} table in one call (one account
   * after another), so it gets the migration step budget and 64 transactions' worth of memory
   * (memory is counted as bytes allocated, not live).
   */
  static long genesisMemoryBytes(MeteringLimits limits) {
    return limits.txMemoryBytes() > Long.MAX_VALUE / 64
        ? Long.MAX_VALUE
        : limits.txMemoryBytes() * 64;
  }

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    Meter installed = Meter.lookup();
    if (installed != null) {
      // Inside a transaction: MeteredExecution already metered the state (and the host
      // functions), so this call charges it once; anything else gets it wrapped here.
      return installed.takeStateMeteredByCaller()
          ? applyOn(state, block, transaction)
          : applyFresh(state, block, transaction);
    }
    // Outside a block (warm-up of a staged runtime, tools): never consensus, so a runtime that
    // passed a limit STRIKES times in a row is not run again outside blocks. A staged runtime that
    // spins then costs the warm-up (which runs under the upgrade coordinator's lock) a few
    // transaction budgets instead of thousands.
    if (ambientStrikes.get() >= STRIKES) {
      return Receipt.rejected(
          "not run: this runtime passed a metering limit in "
              + STRIKES
              + " calls in a row outside a block");
    }
    MeteringLimits now = limits.get();
    Meter meter = Meter.of(now.txSteps(), now, "");
    try {
      Receipt receipt = meter.run(() -> applyFresh(state, block, transaction));
      ambientStrikes.set(0);
      return receipt;
    } catch (ExecutionLimitError e) {
      ambientStrikes.incrementAndGet();
      return Receipt.rejected(e.getMessage());
    }
  }

  /** Under the installed meter, on a new instance: the receipt, or a rejection. */
  private Receipt applyFresh(State state, BlockContext block, byte[] transaction) {
    return applyOn(MeteredState.of(state), MeteredHostFunctions.of(block), transaction);
  }

  /**
   * Under the installed meter, on a new instance, with {@code state} and {@code block} already
   * metered: the receipt, or a rejection.
   */
  private Receipt applyOn(State state, BlockContext block, byte[] transaction) {
    Runtime runtime;
    try {
      runtime = fresh();
    } catch (RuntimeException e) {
      return Receipt.rejected("execution failed: " + Metered.describe(e));
    } catch (LinkageError | AssertionError e) {
      Meter.current().ifPresent(m -> m.noteErrorTurnedIntoReceipt(e));
      return Receipt.rejected("execution failed: " + Metered.describe(e));
    }
    return applyUnwrapped(runtime, state, block, transaction);
  }

  /** Under the installed meter: the receipt, or a rejection naming the exception. */
  static Receipt applyMetered(
      Runtime runtime, State state, BlockContext block, byte[] transaction) {
    return applyUnwrapped(
        runtime, MeteredState.of(state), MeteredHostFunctions.of(block), transaction);
  }

  /** {@link #applyMetered} with {@code state} and {@code block} already metered. */
  private static Receipt applyUnwrapped(
      Runtime runtime, State state, BlockContext block, byte[] transaction) {
    try {
      Receipt receipt = runtime.apply(state, block, transaction);
      return receipt == null ? Receipt.rejected("execution failed: no receipt returned") : receipt;
    } catch (RuntimeException e) {
      return Receipt.rejected("execution failed: " + Metered.describe(e));
    } catch (LinkageError | AssertionError e) {
      Meter.current().ifPresent(m -> m.noteErrorTurnedIntoReceipt(e));
      return Receipt.rejected("execution failed: " + Metered.describe(e));
    }
  }

  /**
   * Under the transaction budget (the thread's meter inside a block): a validity verdict, or {@code
   * invalid} naming the exception or the limit the check passed. Never throws for loaded code.
   */
  @Override
  public TransactionValidity validate(StateView state, BlockContext block, byte[] transaction) {
    MeteringLimits now = limits.get();
    try {
      TransactionValidity validity =
          Metered.call(
              now.txSteps(),
              now,
              "validate",
              () ->
                  fresh()
                      .validate(
                          MeteredState.of(state), MeteredHostFunctions.of(block), transaction));
      return validity == null
          ? TransactionValidity.invalid("validation failed: no verdict returned")
          : validity;
    } catch (ExecutionLimitException e) {
      return TransactionValidity.invalid("validation failed: " + e.getMessage());
    } catch (RuntimeException | LinkageError | AssertionError e) {
      return TransactionValidity.invalid("validation failed: " + Metered.describe(e));
    }
  }

  /**
   * Under the transaction budget: the runtime's answer, copied out of its hands.
   *
   * @throws IllegalArgumentException as the runtime throws it for a malformed request
   * @throws ExecutionLimitException if the query passes a limit or fails otherwise
   */
  @Override
  public byte[] query(StateView state, byte[] request) {
    MeteringLimits now = limits.get();
    byte[] answer =
        Metered.call(
            now.txSteps(),
            now,
            "query",
            () -> fresh().query(MeteredState.of(state), request.clone()));
    return answer == null ? new byte[0] : answer.clone();
  }

  @Override
  public Map<String, String> invariants(StateView state) {
    MeteringLimits now = limits.get();
    return Metered.call(
        now.migrationSteps(),
        now,
        "invariants",
        // Copied under the meter: the map may be the JAR's own class.
        () -> ImmutableMap.copyOf(fresh().invariants(MeteredState.of(state))));
  }

  @Override
  public String toString() {
    return "metered " + delegate.getClass().getName();
  }
}
