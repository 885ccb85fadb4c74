package io.forkless.host.metering;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The step, depth and memory counter of one metered execution (a transaction, a migration, the
 * loading of a JAR), installed on the thread that runs it. Instrumented code calls the public
 * instance methods; host code uses {@link #run}. Runtime bytecode can never name this class (the
 * verifier refuses every {@code io.forkless.host} type), only the instrumentation adds calls to it.
 *
 * <p>Not thread-safe: a meter belongs to one thread for the duration of {@link #run}.
 */
public final class Meter {

  private static final ThreadLocal<Meter> CURRENT = new ThreadLocal<>();

  /**
   * The meter the last thread to install one installed: a hint that spares instrumented code the
   * {@link ThreadLocal} lookup in every method prologue (the block thread runs transaction after
   * transaction, so the hint is almost always its own meter). Never trusted: a meter is used only
   * when its owner is the calling thread and it is that thread's installed meter; any other value
   * (another thread's meter, a finished one) falls back to {@link #CURRENT}. Not volatile on
   * purpose: a stale read costs the slow path, never a wrong meter ({@link #owner} is final, so it
   * is seen correctly through a racy read, and {@link #installed} is only read by the owner).
   */
  private static @Nullable Meter hint;

  private final Thread owner = Thread.currentThread();
  // True while this meter is its owner thread's current one (not while a nested one runs).
  private boolean installed;

  private final long budget;
  private final int maxDepth;
  private final long memoryBudget;
  private final String budgetName;
  private long remaining;
  private long memoryLeft;
  private int depth;
  private long multiArrayCells;
  // Created on first use: most transactions never hash an identity object.
  private @Nullable Map<Object, Integer> identityHashes;
  // An Error of loaded code that the host turned into a rejected receipt (a LinkageError, …).
  private @Nullable Throwable errorTurnedIntoReceipt;
  // Set by MeteredExecution when it passed the transaction's state already metered; taken (and
  // cleared) by the first MeteredRuntime.apply under this meter, which then does not wrap it again.
  private boolean stateMeteredByCaller;

  private Meter(long budget, int maxDepth, long memoryBudget, String budgetName) {
    this.budget = budget;
    this.maxDepth = maxDepth;
    this.memoryBudget = memoryBudget;
    this.budgetName = budgetName;
    this.remaining = budget;
    this.memoryLeft = memoryBudget;
  }

  /**
   * A meter with {@code steps} steps, and the depth and memory limits of {@code limits}. {@code
   * budgetName} says in messages which budget ran out when it is not the transaction's own (e.g.
   * {@code "block"}); empty for the plain case.
   */
  public static Meter of(long steps, MeteringLimits limits, String budgetName) {
    return new Meter(steps, limits.maxCallDepth(), limits.txMemoryBytes(), budgetName);
  }

  /** {@link #of(long, MeteringLimits, String)} with a memory budget of its own. */
  static Meter of(long steps, MeteringLimits limits, long memoryBytes) {
    return new Meter(steps, limits.maxCallDepth(), memoryBytes, "");
  }

  /** The meter installed on this thread, if any. */
  public static Optional<Meter> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /**
   * Runs {@code body} with this meter installed on the current thread, then restores whatever was
   * installed before. Errors of the body, {@link ExecutionLimitError} included, propagate.
   */
  public <T extends @Nullable Object> T run(Supplier<T> body) {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "a meter runs on the thread that made it (" + owner.getName() + ")");
    }
    Meter previous = CURRENT.get();
    if (previous != null) {
      previous.installed = false;
    }
    CURRENT.set(this);
    installed = true;
    hint = this;
    int depthBefore = depth;
    try {
      return body.get();
    } finally {
      depth = depthBefore;
      installed = false;
      // set(null), not remove(): the block thread installs a meter per transaction, and removing
      // the entry only to insert it again costs a ThreadLocalMap rehash each time. The entry holds
      // no meter afterwards, so nothing finished stays reachable from the thread.
      CURRENT.set(previous);
      if (previous != null) {
        previous.installed = true;
      }
      hint = previous;
    }
  }

  /**
   * This thread's installed meter, or null: the hint when it is valid, else the ThreadLocal. The
   * host's per-call layers use it instead of {@link #current()} (no Optional, no ThreadLocal on the
   * block thread).
   */
  static @Nullable Meter lookup() {
    Meter m = hint;
    if (m != null && m.owner == Thread.currentThread() && m.installed) {
      return m;
    }
    return CURRENT.get();
  }

  /** Steps used so far. */
  public long used() {
    return budget - Math.max(remaining, 0);
  }

  /**
   * The {@link Error} of loaded code (a {@link LinkageError}, an {@link AssertionError}) that a
   * call under this meter turned into a rejected receipt, if any: the warm-up of a staged runtime
   * reports it as a failure of the runtime.
   */
  public Optional<Throwable> errorTurnedIntoReceipt() {
    return Optional.ofNullable(errorTurnedIntoReceipt);
  }

  /** The transaction's state is passed already metered: the runtime layer must not wrap it. */
  void markStateMeteredByCaller() {
    stateMeteredByCaller = true;
  }

  /** Whether the state was passed already metered; true at most once per mark. */
  boolean takeStateMeteredByCaller() {
    boolean marked = stateMeteredByCaller;
    stateMeteredByCaller = false;
    return marked;
  }

  void noteErrorTurnedIntoReceipt(Throwable error) {
    if (errorTurnedIntoReceipt == null) {
      errorTurnedIntoReceipt = error;
    }
  }

  /** Bytes allocated so far, as counted by the instrumentation. */
  public long memoryUsed() {
    return memoryBudget - memoryLeft;
  }

  // ---- called by instrumented code ----

  /** Method prologue: the meter of this thread, with the call depth raised by one. */
  public static Meter enter() {
    Meter m = lookup();
    if (m == null) {
      throw new ExecutionLimitError(
          ExecutionLimitError.Kind.UNMETERED,
          ExecutionLimitError.Kind.UNMETERED.words() + " (" + where() + ")");
    }
    if (++m.depth > m.maxDepth) {
      m.depth = m.maxDepth + 1;
      throw m.limit(ExecutionLimitError.Kind.TOO_DEEP, " of " + m.maxDepth);
    }
    return m;
  }

  /** The depth of the frame that just {@link #enter entered}. */
  public int depth() {
    return depth;
  }

  /** Charges one basic block. */
  public void charge(long steps) {
    remaining -= steps;
    if (remaining < 0) {
      throw outOfSteps();
    }
  }

  /** Before a return: back to the caller's depth. */
  public void exit(int frameDepth) {
    depth = frameDepth - 1;
  }

  /**
   * At the start of every exception handler in loaded code: host errors and JVM errors are rethrown
   * (loaded code must never see them), and the depth returns to the catching frame's.
   */
  public void caught(Throwable t, int frameDepth) {
    if (t instanceof ExecutionLimitError e) {
      throw e;
    }
    if (t instanceof VirtualMachineError e) {
      throw e;
    }
    depth = frameDepth;
  }

  /** Before an array of {@code count} elements of {@code unitBytes} each is created. */
  public void allocArray(int count, int unitBytes) {
    if (count > 0) {
      allocate(16L + (long) count * unitBytes);
    }
  }

  /** Before {@code MULTIANEWARRAY}: one dimension's length, outermost first. */
  public void multiArrayDimension(int length, int index) {
    if (index == 0) {
      multiArrayCells = 1;
    }
    multiArrayCells = Math.min(multiArrayCells * Math.max(length, 0), Integer.MAX_VALUE * 8L);
  }

  /** After the dimensions of a {@code MULTIANEWARRAY} were reported: its whole size. */
  public void multiArrayEnd() {
    allocate(16L + multiArrayCells * 8);
  }

  /** Charges {@code bytes} of memory, and steps in proportion (copying costs time). */
  public void allocate(long bytes) {
    memoryLeft -= bytes;
    if (memoryLeft < 0) {
      memoryLeft = -1;
      throw limit(ExecutionLimitError.Kind.TOO_MUCH_MEMORY, " of " + memoryBudget + " bytes");
    }
    charge(bytes / CostTable.BYTES_PER_STEP);
  }

  /** Charges what a value a JDK call returned, or is about to copy, occupies. */
  public void chargeSize(@Nullable Object value) {
    long bytes = JdkCalls.sizeInBytes(value);
    if (bytes > 0) {
      allocate(bytes);
    }
  }

  /** Before a JDK call that scans, shifts or copies {@code value}: steps by its size. */
  public void workOn(@Nullable Object value) {
    charge(JdkCalls.sizeInBytes(value) / CostTable.BYTES_PER_STEP);
  }

  /** As {@link #workOn(Object)}, but free for sets and maps, where lookups take constant time. */
  public void workOnSequence(@Nullable Object value) {
    if (!(value instanceof java.util.Set<?>) && !(value instanceof java.util.Map<?, ?>)) {
      workOn(value);
    }
  }

  /** Before {@code System.arraycopy} of {@code length} elements: steps by that length. */
  public void workOn(int length) {
    if (length > 0) {
      charge(8L * length / CostTable.BYTES_PER_STEP);
    }
  }

  /** A per-execution identity hash: 1, 2, 3... in the order objects are first hashed. */
  int identityHash(Object o) {
    Map<Object, Integer> identityHashes = this.identityHashes;
    if (identityHashes == null) {
      identityHashes = new IdentityHashMap<>();
      this.identityHashes = identityHashes;
    }
    Integer known = identityHashes.get(o);
    if (known != null) {
      return known;
    }
    charge(CostTable.IDENTITY_HASH);
    int next = identityHashes.size() + 1;
    identityHashes.put(o, next);
    return next;
  }

  static Meter required() {
    Meter m = lookup();
    if (m == null) {
      throw new ExecutionLimitError(
          ExecutionLimitError.Kind.UNMETERED,
          ExecutionLimitError.Kind.UNMETERED.words() + " (" + where() + ")");
    }
    return m;
  }

  private ExecutionLimitError outOfSteps() {
    remaining = -1;
    String of = budgetName.isEmpty() ? "" : " (" + budgetName + " budget)";
    return new ExecutionLimitError(
        ExecutionLimitError.Kind.OUT_OF_STEPS,
        "out of steps" + of + " at " + where() + " after " + budget + " steps");
  }

  private ExecutionLimitError limit(ExecutionLimitError.Kind kind, String detail) {
    remaining = Math.min(remaining, -1);
    return new ExecutionLimitError(kind, kind.words() + detail + " at " + where());
  }

  /**
   * The innermost frame of loaded code, e.g. {@code com.example.Spin.apply}: the same instruction
   * on every node, so the text is deterministic. Line numbers are left out: they are debug data a
   * JAR may or may not carry.
   */
  private static String where() {
    return StackWalker.getInstance()
        .walk(
            frames ->
                frames
                    .filter(f -> !f.getClassName().startsWith("io.forkless.host."))
                    .findFirst()
                    .map(f -> f.getClassName() + "." + f.getMethodName())
                    .orElse("host code"));
  }

  /** Collections and maps count 8 bytes per reference slot; used by {@link JdkCalls}. */
  static long referenceBytes(Collection<?> c) {
    return 16L + 8L * c.size();
  }
}
