package io.forkless.host.state;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.HashCode;
import com.google.common.io.BaseEncoding;
import io.forkless.api.StateView;
import io.forkless.testing.Seeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Both stores pass the same contract. */
class StateStoreContractTest {

  enum Kind {
    ROCKSDB,
    MEMORY
  }

  @TempDir Path dir;
  private final List<StateStore> opened = new ArrayList<>();

  @AfterEach
  void closeStores() {
    opened.forEach(StateStore::close);
  }

  private StateStore open(Kind kind, StoreOptions options) {
    StateStore store =
        kind == Kind.ROCKSDB
            ? RocksStateStore.open(dir.resolve("data-" + opened.size()), options)
            : MemoryStateStore.create(options);
    opened.add(store);
    return store;
  }

  private StateStore open(Kind kind) {
    return open(kind, StoreOptions.defaults().withDurability(StoreOptions.Durability.OS_BUFFERED));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void overlayReadsItsOwnWritesOverTheCommittedState(Kind kind) {
    StateStore store = open(kind);
    commit(store, Map.of("a", "1", "b", "2"), "");
    Overlay overlay = store.overlay();
    overlay.put(b("b"), b("20"));
    overlay.delete(b("a"));
    overlay.put(b("c"), b("3"));

    assertThat(overlay.get(b("a"))).isEmpty();
    assertThat(overlay.get(b("b"))).contains(b("20"));
    assertThat(overlay.get(b("c"))).contains(b("3"));
    assertThat(store.committed().get(b("b"))).contains(b("2"));
    assertThat(store.committed().get(b("c"))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void scanMergesOverlayAndCommittedStateInUnsignedKeyOrder(Kind kind) {
    StateStore store = open(kind);
    Overlay base = store.overlay();
    base.put(new byte[] {'p', (byte) 0x90}, b("high"));
    base.put(new byte[] {'p', 0x10}, b("low"));
    base.put(b("p3"), b("three"));
    base.put(b("q"), b("other prefix"));
    store.commit(store.stage(base), new ChainWrites());

    Overlay overlay = store.overlay();
    overlay.put(new byte[] {'p', (byte) 0xf0}, b("top"));
    overlay.put(b("p0"), b("zero"));
    overlay.delete(b("p3"));
    overlay.put(new byte[] {'p', 0x10}, b("LOW"));

    assertThat(scan(overlay, "p"))
        .containsExactly(
            Map.entry("7010", "LOW"),
            Map.entry("7030", "zero"),
            Map.entry("7090", "high"),
            Map.entry("70f0", "top"));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void scanSeesTheStateAsItWasWhenItBegan(Kind kind) {
    StateStore store = open(kind);
    commit(store, Map.of("k1", "a", "k3", "c"), "");
    Overlay overlay = store.overlay();
    overlay.put(b("k2"), b("b"));
    List<String> seen = new ArrayList<>();
    overlay.scan(
        b("k"),
        (k, v) -> {
          seen.add(new String(k, UTF_8));
          overlay.put(b("k4"), b("new"));
          overlay.delete(b("k3"));
          overlay.put(b("k0"), b("new"));
        });
    assertThat(seen).containsExactly("k1", "k2", "k3");
    assertThat(overlay.get(b("k3"))).isEmpty();
    assertThat(overlay.get(b("k4"))).contains(b("new"));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void childOverlayIsMergedIntoItsParentOrDiscardedAlone(Kind kind) {
    StateStore store = open(kind);
    Overlay block = store.overlay();
    block.put(b("a"), b("block"));
    Overlay kept = block.child();
    kept.put(b("b"), b("kept"));
    kept.delete(b("a"));
    kept.mergeIntoParent();
    Overlay dropped = block.child();
    dropped.put(b("c"), b("dropped"));
    assertThat(dropped.get(b("b"))).contains(b("kept"));
    dropped.discard();

    assertThat(block.get(b("a"))).isEmpty();
    assertThat(block.get(b("b"))).contains(b("kept"));
    assertThat(block.get(b("c"))).isEmpty();
    assertThatThrownBy(() -> kept.put(b("x"), b("y")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(block::mergeIntoParent)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("top-level");
    assertThatThrownBy(() -> store.stage(block.child()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("top-level");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void discardingAnOverlayLeavesNoTrace(Kind kind) {
    StateStore store = open(kind);
    commit(store, Map.of("a", "1"), "block-1");
    HashCode root = store.stateRoot();
    Map<String, String> before = dump(store.committed());

    Overlay overlay = store.overlay();
    overlay.put(b("a"), b("changed"));
    overlay.put(b("b"), b("new"));
    overlay.child().put(b("c"), b("child"));
    store.stage(overlay);
    overlay.discard();

    assertThat(store.stateRoot()).isEqualTo(root);
    assertThat(dump(store.committed())).isEqualTo(before);
    assertThat(store.recomputeStateRoot()).isEqualTo(root);
    assertThat(store.overlay().get(b("b"))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void commitWritesStateRootAndChainRecordsTogether(Kind kind) {
    StateStore store = open(kind);
    Overlay overlay = store.overlay();
    overlay.put(b("a"), b("1"));
    StagedCommit staged = store.stage(overlay);
    store.commit(staged, new ChainWrites().put(b("head"), b("7")));

    assertThat(store.stateRoot()).isEqualTo(staged.stateRoot());
    assertThat(store.recomputeStateRoot()).isEqualTo(staged.stateRoot());
    assertThat(store.chainGet(b("head"))).contains(b("7"));
    assertThat(store.committed().get(b("a"))).contains(b("1"));
    assertThat(overlay.isClosed()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void anOverlayMadeBeforeAnotherCommitIsRefused(Kind kind) {
    StateStore store = open(kind);
    Overlay stale = store.overlay();
    stale.put(b("a"), b("stale"));
    StagedCommit staged = store.stage(stale);
    commit(store, Map.of("b", "2"), "");

    assertThatThrownBy(() -> store.commit(staged, new ChainWrites()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("store changed since the overlay was made");
    assertThat(store.committed().get(b("a"))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void anOverlayWrittenAfterStagingMustBeStagedAgain(Kind kind) {
    StateStore store = open(kind);
    Overlay overlay = store.overlay();
    overlay.put(b("a"), b("1"));
    StagedCommit early = store.stage(overlay);
    overlay.put(b("b"), b("2"));

    assertThatThrownBy(() -> store.commit(early, new ChainWrites()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("stage it again");
    StagedCommit late = store.stage(overlay);
    store.commit(late, new ChainWrites());
    assertThat(store.stateRoot())
        .isEqualTo(store.recomputeStateRoot())
        .isNotEqualTo(early.stateRoot());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void restoringASnapshotBringsBackStateRootAndChainRecordsExactly(Kind kind) {
    StateStore store = open(kind);
    commit(store, Map.of("a", "1", "b", "2"), "block-1");
    Map<String, String> contents = dump(store.committed());
    HashCode root = store.stateRoot();
    SnapshotId snapshot = store.snapshot();

    Overlay later = store.overlay();
    later.put(b("a"), b("changed"));
    later.delete(b("b"));
    later.put(b("c"), b("3"));
    store.commit(store.stage(later), new ChainWrites().put(b("head"), b("block-2")));
    assertThat(store.stateRoot()).isNotEqualTo(root);

    store.restore(snapshot);

    assertThat(dump(store.committed())).isEqualTo(contents);
    assertThat(store.stateRoot()).isEqualTo(root);
    assertThat(store.recomputeStateRoot()).isEqualTo(root);
    assertThat(store.chainGet(b("head"))).contains(b("block-1"));
    // The store goes on normally after a restore.
    commit(store, Map.of("d", "4"), "block-2b");
    assertThat(store.recomputeStateRoot()).isEqualTo(store.stateRoot());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void keepsAtMostMaxSnapshotsAndPrunesTheOldest(Kind kind) {
    StateStore store = open(kind, StoreOptions.defaults().withMaxSnapshots(2));
    List<SnapshotId> taken = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      commit(store, Map.of("k", "v" + i), "block-" + i);
      taken.add(store.snapshot());
    }
    assertThat(store.snapshots()).containsExactly(taken.get(2), taken.get(3));
    assertThatThrownBy(() -> store.restore(taken.get(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown snapshot " + taken.get(0).sequence());
    store.restore(taken.get(2));
    assertThat(store.committed().get(b("k"))).contains(b("v2"));
  }

  @ParameterizedTest
  @MethodSource("io.forkless.testing.Seeds#cases")
  void rocksAndMemoryStoresAgreeOnContentsAndRoot(long seed) {
    Random random = new Random(seed);
    StateStore rocks = open(Kind.ROCKSDB);
    StateStore memory = open(Kind.MEMORY);
    for (int block = 0; block < 3; block++) {
      Overlay r = rocks.overlay();
      Overlay m = memory.overlay();
      for (int i = 0; i < 30; i++) {
        byte[] key = {(byte) random.nextInt(256), (byte) random.nextInt(4)};
        if (random.nextInt(4) == 0) {
          r.delete(key);
          m.delete(key);
        } else {
          byte[] value = new byte[random.nextInt(5)];
          random.nextBytes(value);
          r.put(key, value);
          m.put(key, value);
        }
      }
      byte[] prefix = {(byte) random.nextInt(256)};
      assertThat(scanAll(r, prefix)).as(Seeds.replay(seed)).isEqualTo(scanAll(m, prefix));
      rocks.commit(rocks.stage(r), new ChainWrites());
      memory.commit(memory.stage(m), new ChainWrites());
    }
    assertThat(dump(rocks.committed())).as(Seeds.replay(seed)).isEqualTo(dump(memory.committed()));
    assertThat(rocks.stateRoot()).as(Seeds.replay(seed)).isEqualTo(memory.stateRoot());
    assertThat(rocks.recomputeStateRoot()).as(Seeds.replay(seed)).isEqualTo(rocks.stateRoot());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aSnapshotDiffWrittenAndCommittedGivesTheSnapshotsStateForTheIncludedKeysOnly(Kind kind) {
    StateStore store = open(kind);
    commit(store, Map.of("a", "1", "b", "2", "h", "host-old"), "block-1");
    HashCode rootAtSnapshot = store.stateRoot();
    SnapshotId snapshot = store.snapshot();
    commit(store, Map.of("b", "20", "c", "3", "h", "host-new"), "block-2");
    Overlay delete = store.overlay();
    delete.delete(b("a"));
    store.commit(store.stage(delete), new ChainWrites().put(b("head"), b("block-3")));

    Overlay overlay = store.overlay();
    long written = store.writeSnapshotDiff(snapshot, overlay, k -> k[0] != 'h');
    store.commit(store.stage(overlay), new ChainWrites());

    assertThat(written).as("a put back, b restored, c deleted").isEqualTo(3);
    assertThat(store.committed().get(b("a"))).contains(b("1"));
    assertThat(store.committed().get(b("b"))).contains(b("2"));
    assertThat(store.committed().get(b("c"))).isEmpty();
    assertThat(store.committed().get(b("h"))).as("excluded key kept").contains(b("host-new"));
    assertThat(store.chainGet(b("head"))).as("chain records untouched").contains(b("block-3"));
    assertThat(store.recomputeStateRoot()).isEqualTo(store.stateRoot());
    Overlay back = store.overlay();
    back.put(b("h"), b("host-old"));
    store.commit(store.stage(back), new ChainWrites());
    assertThat(store.stateRoot()).as("same contents, same root").isEqualTo(rootAtSnapshot);
    assertThatThrownBy(
            () -> store.writeSnapshotDiff(new SnapshotId(999), store.overlay(), k -> true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown snapshot 999");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aLargeChildMergedIntoASmallParentKeepsTheParentsOtherWritesAndTheSameRoot(Kind kind) {
    StateStore store = open(kind);
    commit(store, Map.of("gone", "x"), "");
    Overlay block = store.overlay();
    block.put(b("host"), b("kept"));
    block.put(b("k001"), b("parent"));
    Overlay migration = block.child();
    for (int i = 0; i < 100; i++) {
      migration.put(b(String.format("k%03d", i)), b("v" + i));
    }
    migration.delete(b("gone"));
    migration.mergeIntoParent();
    migration.discard(); // closed: nothing of it may reach the parent again
    assertThat(block.get(b("host"))).contains(b("kept"));
    assertThat(block.get(b("k001"))).contains(b("v1"));
    assertThat(block.get(b("gone"))).isEmpty();
    assertThat(block.writeCount()).isEqualTo(102);

    StateStore other = open(kind);
    commit(other, Map.of("gone", "x"), "");
    Overlay direct = other.overlay();
    direct.put(b("host"), b("kept"));
    for (int i = 0; i < 100; i++) {
      direct.put(b(String.format("k%03d", i)), b("v" + i));
    }
    direct.delete(b("gone"));
    assertThat(store.previewRoot(block)).isEqualTo(other.previewRoot(direct));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aSnapshotViewReadsTheStateOfItsSnapshotNotWhatWasCommittedSince(Kind kind) {
    StateStore store = open(kind);
    commit(store, Map.of("a/1", "1", "a/2", "2", "a/3", "3", "b/1", "x"), "");
    SnapshotId snapshot = store.snapshot();
    commit(store, Map.of("a/2", "20", "a/4", "4"), "");
    try (SnapshotView view = store.openSnapshot(snapshot)) {
      assertThat(view.get(b("a/2"))).contains(b("2"));
      assertThat(view.get(b("a/4"))).isEmpty();
      List<String> scanned = new ArrayList<>();
      view.scan(b("a/"), (k, v) -> scanned.add(new String(k, UTF_8) + "=" + new String(v, UTF_8)));
      assertThat(scanned).containsExactly("a/1=1", "a/2=2", "a/3=3");
      List<String> after = new ArrayList<>();
      view.scanAfter(
          b("a/"),
          b("a/1"),
          (k, v) -> {
            after.add(new String(k, UTF_8));
            return after.size() < 1;
          });
      assertThat(after).containsExactly("a/2");
    }
    assertThatThrownBy(() -> store.openSnapshot(new SnapshotId(999)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown snapshot 999");
  }

  static void commit(StateStore store, Map<String, String> puts, String head) {
    Overlay overlay = store.overlay();
    puts.forEach((k, v) -> overlay.put(b(k), b(v)));
    ChainWrites chain = new ChainWrites();
    if (!head.isEmpty()) {
      chain.put(b("head"), b(head));
    }
    store.commit(store.stage(overlay), chain);
  }

  static Map<String, String> dump(StateView view) {
    Map<String, String> out = new LinkedHashMap<>();
    view.scan(new byte[0], (k, v) -> out.put(hex(k), hex(v)));
    return out;
  }

  private static Map<String, String> scanAll(StateView view, byte[] prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    view.scan(prefix, (k, v) -> out.put(hex(k), hex(v)));
    return out;
  }

  private static List<Map.Entry<String, String>> scan(StateView view, String prefix) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    view.scan(b(prefix), (k, v) -> out.add(Map.entry(hex(k), new String(v, UTF_8))));
    return out;
  }

  static String hex(byte[] bytes) {
    return BaseEncoding.base16().lowerCase().encode(bytes);
  }

  static byte[] b(String s) {
    return s.getBytes(UTF_8);
  }
}
