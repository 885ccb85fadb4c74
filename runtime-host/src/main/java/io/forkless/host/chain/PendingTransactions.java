package io.forkless.host.chain;

import com.google.common.hash.HashCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Mempool}'s pending transactions, indexed by hash, by arrival and by sender and nonce,
 * and the order a block takes them in. Not thread-safe: the mempool holds its lock around every
 * call.
 */
final class PendingTransactions {

  /** Entries in block order: host before runtime, then arrival. */
  private static final Comparator<Entry> BLOCK_ORDER =
      Comparator.comparingInt((Entry e) -> e.tx.kind() == Transaction.Kind.HOST ? 0 : 1)
          .thenComparingLong(e -> e.seq);

  private final Map<HashCode, Entry> byHash = new HashMap<>();
  private final TreeMap<Long, Entry> bySeq = new TreeMap<>();
  private final Map<HashCode, SenderQueue> senders = new HashMap<>();
  private long bytes;

  @Nullable Entry get(HashCode hash) {
    return byHash.get(hash);
  }

  boolean contains(HashCode hash) {
    return byHash.containsKey(hash);
  }

  @Nullable SenderQueue queue(@Nullable HashCode sender) {
    return sender == null ? null : senders.get(sender);
  }

  int size() {
    return byHash.size();
  }

  long bytes() {
    return bytes;
  }

  /** The arrival number before every pending one (0 when none is pending). */
  long firstSeq() {
    return bySeq.isEmpty() ? 0 : bySeq.firstKey();
  }

  /** What to check after a block: every unordered transaction and each sender's lowest nonce. */
  List<Entry> revalidationCandidates() {
    List<Entry> out = new ArrayList<>();
    for (Entry e : byHash.values()) {
      if (e.sender == null) {
        out.add(e);
      }
    }
    for (SenderQueue q : senders.values()) {
      out.add(q.byNonce.firstEntry().getValue());
    }
    return out;
  }

  /**
   * True when {@code e} could go into the next block: unordered, or its sender's pending nonces
   * reach it from the sender's next nonce without a gap.
   */
  boolean isReady(Entry e) {
    if (e.sender == null) {
      return true;
    }
    SenderQueue queue = senders.get(e.sender);
    long next = queue == null ? e.accountNonce : Math.max(queue.accountNonce, e.accountNonce);
    for (long n = next; n < e.nonce; n++) {
      if (queue == null || !queue.byNonce.containsKey(n)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The newest runtime transaction that is not ready (a gap before its nonce), or null. When the
   * mempool is full, a ready transaction evicts it: otherwise senders could fill the mempool with
   * nonces far ahead that can never run, and no block would have anything to include.
   */
  @Nullable Entry newestFutureEntry() {
    for (Entry e : bySeq.descendingMap().values()) {
      if (!e.isHost() && !isReady(e)) {
        return e;
      }
    }
    return null;
  }

  @Nullable Entry newestRuntimeEntry() {
    for (Entry e : bySeq.descendingMap().values()) {
      if (!e.isHost()) {
        return e;
      }
    }
    return null;
  }

  /**
   * Up to {@code max} transactions for the next block, in the order they must run: host
   * transactions first, then ready runtime transactions by arrival, each sender's in nonce order
   * without gaps.
   */
  List<Transaction> inBlockOrder(int max) {
    PriorityQueue<Entry> candidates = new PriorityQueue<>(BLOCK_ORDER);
    for (Entry e : byHash.values()) {
      if (e.sender == null) {
        candidates.add(e);
      }
    }
    for (SenderQueue q : senders.values()) {
      Entry head = q.byNonce.get(q.accountNonce);
      if (head != null) {
        candidates.add(head);
      }
    }
    List<Transaction> out = new ArrayList<>();
    while (out.size() < max && !candidates.isEmpty()) {
      Entry e = candidates.poll();
      out.add(e.tx);
      if (e.sender != null) {
        Entry next = senders.get(e.sender).byNonce.get(e.nonce + 1);
        if (next != null) {
          candidates.add(next);
        }
      }
    }
    return out;
  }

  void insert(Entry e) {
    byHash.put(e.hash, e);
    bySeq.put(e.seq, e);
    bytes += e.tx.encodedSize();
    if (e.sender != null) {
      SenderQueue q = senders.computeIfAbsent(e.sender, s -> new SenderQueue());
      q.byNonce.put(e.nonce, e);
      q.accountNonce = e.accountNonce;
    }
  }

  void remove(Entry e) {
    byHash.remove(e.hash);
    bySeq.remove(e.seq);
    bytes -= e.tx.encodedSize();
    if (e.sender != null) {
      SenderQueue q = senders.get(e.sender);
      q.byNonce.remove(e.nonce);
      if (q.byNonce.isEmpty()) {
        senders.remove(e.sender);
      }
    }
  }

  static final class Entry {
    final Transaction tx;
    final HashCode hash;
    final @Nullable HashCode sender;
    final long nonce;
    final long seq;
    final long accountNonce;

    Entry(
        Transaction tx,
        HashCode hash,
        @Nullable HashCode sender,
        long nonce,
        long seq,
        long accountNonce) {
      this.tx = tx;
      this.hash = hash;
      this.sender = sender;
      this.nonce = nonce;
      this.seq = seq;
      this.accountNonce = accountNonce;
    }

    boolean isHost() {
      return tx.kind() == Transaction.Kind.HOST;
    }
  }

  static final class SenderQueue {
    final TreeMap<Long, Entry> byNonce = new TreeMap<>();
    long accountNonce;
  }
}
