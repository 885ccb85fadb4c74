package io.forkless.host.upgrade;

import com.google.common.hash.HashCode;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.host.codec.Codec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The upgrade lifecycle in chain state, under the host namespace (keys starting with {@code 0x00},
 * which runtimes cannot see): written in the same atomic batch as the block that changes it, so a
 * restarted node derives everything from its store.
 *
 * <pre>
 * 0x00 "upg/runtime"          the runtime that runs blocks from here on: version, code hash
 * 0x00 "upg/retained"         format (1), count (4), RetainedUpgrade…, oldest first
 * 0x00 "upg/rq"               re-execution queue: next (8), end (8), not before height (8)
 * 0x00 "upg/rx/" seq(8)       a queued runtime transaction's payload
 * 0x00 "upg/mbm"              the upgrade whose multi-block migration runs (MigratingUpgrade)
 * 0x00 "upg/fb"               a migration that failed and fails back in the next block (FailingBack)
 * </pre>
 *
 * <p>Chain records (node-local column, same batch): {@code "snap" || upgrade id (8)} → the store's
 * snapshot sequence (8) taken just before that upgrade; {@code "rex" || height (8)} → the
 * transactions re-executed in that block with their receipts.
 */
public final class LifecycleRecords {

  private static final byte[] RUNTIME = key("runtime");
  private static final byte[] RETAINED = key("retained");
  private static final byte[] QUEUE = key("rq");
  private static final byte[] QUEUED = key("rx/");
  private static final byte[] MIGRATING = key("mbm");
  private static final int FORMAT = 1;

  private LifecycleRecords() {}

  /** The runtime chosen for the blocks from here on, once an upgrade or rollback set one. */
  public record ActiveRuntime(RuntimeVersion version, HashCode codeHash) {}

  /** The re-execution queue: entries {@code [next, end)}, executed from {@code notBefore} on. */
  public record Queue(long next, long end, long notBefore) {
    static final Queue EMPTY = new Queue(0, 0, 0);

    public long size() {
      return end - next;
    }
  }

  public static Optional<ActiveRuntime> activeRuntime(StateView state) {
    return state
        .get(RUNTIME)
        .map(
            b -> {
              Codec.Reader r = new Codec.Reader(b);
              ActiveRuntime a = new ActiveRuntime(r.version("version"), r.hash("code hash"));
              r.expectEnd("active runtime record");
              return a;
            });
  }

  static void putActiveRuntime(State state, RuntimeVersion version, HashCode codeHash) {
    state.put(RUNTIME, new Codec.Writer().version(version).hash(codeHash).toByteArray());
  }

  /** The executed upgrades that can still be rolled back, oldest first. */
  public static List<RetainedUpgrade> retained(StateView state) {
    Optional<byte[]> stored = state.get(RETAINED);
    if (stored.isEmpty()) {
      return List.of();
    }
    Codec.Reader r = new Codec.Reader(stored.get());
    int format = r.u8("retained format");
    if (format != FORMAT) {
      throw new IllegalStateException("unknown retained-upgrades record format " + format);
    }
    int count = r.i32("retained count");
    if (count < 0 || count > 10_000) {
      throw new IllegalArgumentException("retained count " + count + " is out of range");
    }
    List<RetainedUpgrade> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(RetainedUpgrade.readFrom(r));
    }
    r.expectEnd("retained upgrades");
    return List.copyOf(out);
  }

  static void putRetained(State state, List<RetainedUpgrade> retained) {
    if (retained.isEmpty()) {
      state.delete(RETAINED);
      return;
    }
    Codec.Writer w = new Codec.Writer().u8(FORMAT).i32(retained.size());
    retained.forEach(u -> u.writeTo(w));
    state.put(RETAINED, w.toByteArray());
  }

  /** The upgrade whose multi-block migration is running, if one is. */
  public static Optional<MigratingUpgrade> migrating(StateView state) {
    return state.get(MIGRATING).map(MigratingUpgrade::decode);
  }

  static void putMigrating(State state, MigratingUpgrade m) {
    state.put(MIGRATING, m.encode());
  }

  static void clearMigrating(State state) {
    state.delete(MIGRATING);
  }

  public static Queue queue(StateView state) {
    return state
        .get(QUEUE)
        .map(
            b -> {
              Codec.Reader r = new Codec.Reader(b);
              Queue q = new Queue(r.i64("next"), r.i64("end"), r.i64("not before"));
              r.expectEnd("re-execution queue");
              return q;
            })
        .orElse(Queue.EMPTY);
  }

  /** The payloads still queued for re-execution, oldest first. */
  public static List<byte[]> queued(StateView state) {
    Queue q = queue(state);
    List<byte[]> out = new ArrayList<>();
    for (long seq = q.next(); seq < q.end(); seq++) {
      state.get(queuedKey(seq)).ifPresent(out::add);
    }
    return out;
  }

  /** Appends payloads to the re-execution queue, to run from height {@code notBefore} on. */
  static void enqueue(State state, List<byte[]> payloads, long notBefore) {
    Queue q = queue(state);
    long end = q.end();
    for (byte[] p : payloads) {
      state.put(queuedKey(end++), p);
    }
    putQueue(state, new Queue(q.next(), end, Math.max(q.notBefore(), notBefore)));
  }

  /** Removes and returns up to {@code max} payloads due at {@code height}, oldest first. */
  static List<byte[]> take(State state, int max, long height) {
    Queue q = queue(state);
    if (q.size() == 0 || height < q.notBefore()) {
      return List.of();
    }
    List<byte[]> out = new ArrayList<>();
    long next = q.next();
    while (next < q.end() && out.size() < max) {
      byte[] k = queuedKey(next++);
      out.add(state.get(k).orElseThrow(() -> new IllegalStateException("queue entry missing")));
      state.delete(k);
    }
    putQueue(state, next == q.end() ? null : new Queue(next, q.end(), q.notBefore()));
    return out;
  }

  private static void putQueue(State state, @Nullable Queue q) {
    if (q == null) {
      state.delete(QUEUE);
    } else {
      state.put(
          QUEUE, new Codec.Writer().i64(q.next()).i64(q.end()).i64(q.notBefore()).toByteArray());
    }
  }

  /** The chain-record key naming the snapshot taken just before upgrade {@code upgradeId}. */
  public static byte[] snapshotKey(long upgradeId) {
    return new Codec.Writer().bytes(ascii("snap")).i64(upgradeId).toByteArray();
  }

  /** The chain-record key of the transactions re-executed in the block at {@code height}. */
  public static byte[] reexecutedKey(long height) {
    return new Codec.Writer().bytes(ascii("rex")).i64(height).toByteArray();
  }

  private static byte[] queuedKey(long seq) {
    return new Codec.Writer().bytes(QUEUED).i64(seq).toByteArray();
  }

  private static byte[] key(String suffix) {
    return new Codec.Writer().u8(0).bytes(ascii("upg/" + suffix)).toByteArray();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
