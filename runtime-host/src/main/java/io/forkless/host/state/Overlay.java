package io.forkless.host.state;

import io.forkless.api.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import org.jspecify.annotations.Nullable;

/**
 * Writes buffered over a store's committed state or over a parent overlay. Reads see this overlay's
 * writes first, then the layer below. {@link #scan} merges both in unsigned key order and sees the
 * state as it was when the scan began, even if the action writes.
 *
 * <p>A top-level overlay ({@link StateStore#overlay()}) is committed through {@link
 * StateStore#stage} and {@link StateStore#commit}; a {@link #child()} is folded into its parent by
 * {@link #mergeIntoParent()}. Either can be dropped with {@link #discard()} at no cost: nothing
 * below it changed. Once committed, merged or discarded an overlay refuses further use. A parent
 * must not be written while a child of it is in use. Not thread-safe: one block (or migration) on
 * one thread.
 */
public final class Overlay implements State {

  /** Marks a deleted key; compared by identity. */
  private static final byte[] TOMBSTONE = new byte[0];

  private final ReadLayer below;
  private final @Nullable Overlay parent;
  private final long generation;
  private final Object owner;
  private NavigableMap<byte[], byte[]> writes = new TreeMap<>(Bytes.ORDER);
  private boolean closed;

  /** Bumped by every change of {@link #writes}; a staged commit is valid only for one value. */
  private long modifications;

  Overlay(ReadLayer committed, Object owner, long generation) {
    this.below = committed;
    this.parent = null;
    this.owner = owner;
    this.generation = generation;
  }

  private Overlay(Overlay parent) {
    this.below = parent.asLayer();
    this.parent = parent;
    this.owner = parent.owner;
    this.generation = parent.generation;
  }

  /** A new overlay whose writes go over this one's; merge or discard it before using this one. */
  public Overlay child() {
    checkOpen();
    return new Overlay(this);
  }

  /**
   * Folds this child's writes into its parent and closes this overlay.
   *
   * @throws IllegalStateException if this is a top-level overlay or it is closed
   */
  public void mergeIntoParent() {
    checkOpen();
    if (parent == null) {
      throw new IllegalStateException(
          "a top-level overlay is committed through its StateStore, not merged");
    }
    parent.checkOpen();
    if (parent.writes.size() < writes.size()) {
      // A migration's million writes into a block holding a few: keep the large map and add the
      // parent's writes this child did not overwrite, instead of a million sorted inserts.
      for (Map.Entry<byte[], byte[]> e : parent.writes.entrySet()) {
        writes.putIfAbsent(e.getKey(), e.getValue());
      }
      parent.writes = writes;
    } else {
      parent.writes.putAll(writes);
    }
    writes = new TreeMap<>(Bytes.ORDER);
    parent.modifications++;
    closed = true;
  }

  /** Drops every write of this overlay; nothing below changes. Idempotent. */
  public void discard() {
    writes.clear();
    closed = true;
  }

  /**
   * True when this overlay's writes change what the layer below holds: some written value differs
   * from the value below, or a deleted key exists below. Committing such an overlay changes the
   * state root (LtHash is collision resistant); one that does not leaves it as it is. Stops at the
   * first change, so it usually costs one read.
   */
  public boolean changesBelow() {
    return changesBelow(k -> true);
  }

  /** As {@link #changesBelow()}, for the keys {@code include} accepts only. */
  public boolean changesBelow(java.util.function.Predicate<byte[]> include) {
    checkOpen();
    for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
      if (!include.test(e.getKey())) {
        continue;
      }
      Optional<byte[]> old = below.get(e.getKey());
      boolean changed =
          e.getValue() == TOMBSTONE
              ? old.isPresent()
              : old.isEmpty() || !java.util.Arrays.equals(old.get(), e.getValue());
      if (changed) {
        return true;
      }
    }
    return false;
  }

  /** Number of keys written (put or deleted) in this overlay. */
  public int writeCount() {
    return writes.size();
  }

  /** True once committed, merged or discarded. */
  public boolean isClosed() {
    return closed;
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    checkOpen();
    byte[] own = writes.get(key);
    if (own == TOMBSTONE) {
      return Optional.empty();
    }
    if (own != null) {
      return Optional.of(own.clone());
    }
    return below.get(key);
  }

  @Override
  public void scan(byte[] prefix, BiConsumer<byte[], byte[]> action) {
    checkOpen();
    try (KvIterator it = iterate(prefix)) {
      for (; it.valid(); it.next()) {
        action.accept(it.key().clone(), it.value().clone());
      }
    }
  }

  @Override
  public void scanAfter(byte[] prefix, byte[] after, BiPredicate<byte[], byte[]> action) {
    checkOpen();
    try (KvIterator it = iterateAfter(prefix, after)) {
      for (; it.valid(); it.next()) {
        if (!action.test(it.key().clone(), it.value().clone())) {
          return;
        }
      }
    }
  }

  @Override
  public void put(byte[] key, byte[] value) {
    checkOpen();
    writes.put(key.clone(), value.clone());
    modifications++;
  }

  @Override
  public void delete(byte[] key) {
    checkOpen();
    writes.put(key.clone(), TOMBSTONE);
    modifications++;
  }

  /** Visits this overlay's own writes in key order; {@code value} is null for a deletion. */
  void forEachWrite(BiConsumer<byte[], byte @Nullable []> action) {
    writes.forEach((k, v) -> action.accept(k, v == TOMBSTONE ? null : v));
  }

  /**
   * Visits the writes this overlay and its ancestors make together over the committed state (a
   * child's write wins over its parent's), in key order; {@code value} is null for a deletion.
   */
  void forEachEffectiveWrite(BiConsumer<byte[], byte @Nullable []> action) {
    if (parent == null) {
      forEachWrite(action);
      return;
    }
    java.util.Deque<Overlay> lineage = new java.util.ArrayDeque<>();
    for (Overlay o = this; o != null; o = o.parent) {
      lineage.push(o);
    }
    NavigableMap<byte[], byte[]> merged = new TreeMap<>(Bytes.ORDER);
    for (Overlay o : lineage) {
      merged.putAll(o.writes);
    }
    merged.forEach((k, v) -> action.accept(k, v == TOMBSTONE ? null : v));
  }

  long modifications() {
    return modifications;
  }

  boolean isTopLevel() {
    return parent == null;
  }

  Object owner() {
    return owner;
  }

  long generation() {
    return generation;
  }

  void markCommitted() {
    closed = true;
  }

  private KvIterator iterate(byte[] prefix) {
    return iterateAfter(prefix, new byte[0]);
  }

  private KvIterator iterateAfter(byte[] prefix, byte[] after) {
    // Copy this layer's range: the action may write to this overlay during the scan.
    List<Map.Entry<byte[], byte[]>> own = new ArrayList<>();
    for (Map.Entry<byte[], byte[]> e :
        writes.tailMap(KvIterators.seekTarget(prefix, after), true).entrySet()) {
      if (!KvIterators.isAfter(e.getKey(), after)) {
        continue;
      }
      if (!Bytes.startsWith(e.getKey(), prefix)) {
        break;
      }
      own.add(e);
    }
    KvIterator lower =
        after.length == 0 ? below.iterate(prefix) : below.iterateAfter(prefix, after);
    if (own.isEmpty()) {
      return lower;
    }
    return new MergingIterator(new ListIterator(own), lower);
  }

  private ReadLayer asLayer() {
    return new ReadLayer() {
      @Override
      public Optional<byte[]> get(byte[] key) {
        return Overlay.this.get(key);
      }

      @Override
      public KvIterator iterate(byte[] prefix) {
        return Overlay.this.iterate(prefix);
      }

      @Override
      public KvIterator iterateAfter(byte[] prefix, byte[] after) {
        return Overlay.this.iterateAfter(prefix, after);
      }
    };
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("overlay is closed (committed, merged or discarded)");
    }
  }

  /** Upper entries (with tombstones) over lower live entries; yields live entries only. */
  private static final class MergingIterator implements KvIterator {
    private final KvIterator upper;
    private final KvIterator lower;
    private byte @Nullable [] key;
    private byte @Nullable [] value;

    MergingIterator(KvIterator upper, KvIterator lower) {
      this.upper = upper;
      this.lower = lower;
      advance();
    }

    private void advance() {
      while (true) {
        boolean u = upper.valid();
        boolean l = lower.valid();
        if (!u && !l) {
          key = null;
          value = null;
          return;
        }
        int cmp = !u ? 1 : !l ? -1 : Bytes.ORDER.compare(upper.key(), lower.key());
        if (cmp > 0) {
          key = lower.key();
          value = lower.value();
          lower.next();
          return;
        }
        byte[] k = upper.key();
        byte[] v = upper.value();
        upper.next();
        if (cmp == 0) {
          lower.next();
        }
        if (v != TOMBSTONE) {
          key = k;
          value = v;
          return;
        }
      }
    }

    @Override
    public boolean valid() {
      return key != null;
    }

    @Override
    public byte[] key() {
      if (key == null) {
        throw new IllegalStateException("iterator exhausted");
      }
      return key;
    }

    @Override
    public byte[] value() {
      if (value == null) {
        throw new IllegalStateException("iterator exhausted");
      }
      return value;
    }

    @Override
    public void next() {
      advance();
    }

    @Override
    public void close() {
      try {
        upper.close();
      } finally {
        lower.close();
      }
    }
  }
}
