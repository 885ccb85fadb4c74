package io.forkless.host.state;

import static io.forkless.host.state.StateStoreContractTest.b;
import static io.forkless.host.state.StateStoreContractTest.commit;
import static io.forkless.host.state.StateStoreContractTest.dump;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.HashCode;
import io.forkless.host.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the RocksDB store has: a data folder, its lock, its format, reopening. */
class RocksStateStoreTest {

  @TempDir Path dir;

  @Test
  void reopeningResumesWithTheSameContentsRootAndChainRecords() {
    Path data = dir.resolve("data");
    HashCode root;
    Map<String, String> contents;
    try (RocksStateStore store = RocksStateStore.open(data, StoreOptions.defaults())) {
      commit(store, Map.of("a", "1", "b", "2"), "block-1");
      root = store.stateRoot();
      contents = dump(store.committed());
    }
    try (RocksStateStore store = RocksStateStore.open(data, StoreOptions.defaults())) {
      assertThat(store.stateRoot()).isEqualTo(root);
      assertThat(store.recomputeStateRoot()).isEqualTo(root);
      assertThat(dump(store.committed())).isEqualTo(contents);
      assertThat(store.chainGet(b("head"))).contains(b("block-1"));
    }
  }

  @Test
  void aFolderOpenedByAnotherProcessIsRefusedWithASpecificError() {
    Path data = dir.resolve("data");
    try (ChildJvm child = ChildJvm.start(HoldStoreOpen.class, List.of(), data.toString())) {
      child.awaitLine(l -> l.startsWith("OPEN"), Duration.ofSeconds(60));

      assertThatThrownBy(() -> RocksStateStore.open(data, StoreOptions.defaults()))
          .isInstanceOf(DataFolderLockedException.class)
          .hasMessageContaining(data.toAbsolutePath().toString())
          .hasMessageContaining("already in use by another process");
    }
  }

  @Test
  void aFolderOpenedTwiceInThisProcessIsRefused() {
    Path data = dir.resolve("data");
    try (RocksStateStore first = RocksStateStore.open(data, StoreOptions.defaults())) {
      assertThatThrownBy(() -> RocksStateStore.open(data, StoreOptions.defaults()))
          .isInstanceOf(DataFolderLockedException.class);
      assertThat(first.stateRoot()).isEqualTo(LtHash.empty().root());
    }
    // Released on close.
    RocksStateStore.open(data, StoreOptions.defaults()).close();
  }

  @Test
  void aForeignFolderIsRefusedAndLeftUntouched() throws IOException {
    Path data = dir.resolve("foreign");
    Files.createDirectories(data);
    Files.writeString(data.resolve("notes.txt"), "my files");

    assertThatThrownBy(() -> RocksStateStore.open(data, StoreOptions.defaults()))
        .isInstanceOf(ForeignDataFolderException.class)
        .hasMessageContaining(data.toAbsolutePath().toString())
        .hasMessageContaining("not a Forkless state store")
        .hasMessageContaining("notes.txt");
    try (Stream<Path> files = Files.list(data)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("notes.txt");
    }
  }

  @Test
  void aFolderOfAnotherFormatIsForeign() throws IOException {
    Path data = dir.resolve("data");
    RocksStateStore.open(data, StoreOptions.defaults()).close();
    Files.writeString(data.resolve("FORKLESS-STORE"), "forkless-state-store format 99\n");

    assertThatThrownBy(() -> RocksStateStore.open(data, StoreOptions.defaults()))
        .isInstanceOf(ForeignDataFolderException.class)
        .hasMessageContaining("format 99");
  }

  @Test
  void aCorruptDatabaseIsReportedAsCorrupt() throws IOException {
    Path data = dir.resolve("data");
    try (RocksStateStore store = RocksStateStore.open(data, StoreOptions.defaults())) {
      commit(store, Map.of("a", "1"), "block-1");
    }
    Files.writeString(data.resolve("db").resolve("CURRENT"), "MANIFEST-999999\n");

    assertThatThrownBy(() -> RocksStateStore.open(data, StoreOptions.defaults()))
        .isInstanceOf(CorruptDataFolderException.class)
        .hasMessageContaining(data.toAbsolutePath().toString())
        .hasMessageContaining("restore it from a backup");
  }

  @Test
  void aMissingDatabaseIsReportedAsCorrupt() {
    Path data = dir.resolve("data");
    RocksStateStore.open(data, StoreOptions.defaults()).close();
    DataFolder.deleteRecursively(data.resolve("db"));

    assertThatThrownBy(() -> RocksStateStore.open(data, StoreOptions.defaults()))
        .isInstanceOf(CorruptDataFolderException.class)
        .hasMessageContaining("db/ is missing");
  }

  @Test
  void aRestoreInterruptedAfterItsMarkerIsFinishedOnReopen() throws IOException {
    Path data = dir.resolve("data");
    HashCode snapshotRoot;
    try (RocksStateStore store = RocksStateStore.open(data, StoreOptions.defaults())) {
      commit(store, Map.of("a", "1"), "block-1");
      snapshotRoot = store.stateRoot();
      SnapshotId id = store.snapshot();
      commit(store, Map.of("a", "2"), "block-2");
      // Simulate a crash right after the marker was written: staging folder built, db not swapped.
      Path staging = data.resolve("db.restore");
      Files.createDirectories(staging);
      try (Stream<Path> files = Files.list(data.resolve("snapshots").resolve(name(id)))) {
        for (Path f : files.toList()) {
          Files.copy(f, staging.resolve(f.getFileName()));
        }
      }
    }
    Files.writeString(data.resolve("RESTORE"), "db.restore\n");

    try (RocksStateStore store = RocksStateStore.open(data, StoreOptions.defaults())) {
      assertThat(store.stateRoot()).isEqualTo(snapshotRoot);
      assertThat(store.committed().get(b("a"))).contains(b("1"));
      assertThat(store.chainGet(b("head"))).contains(b("block-1"));
    }
    assertThat(data.resolve("RESTORE")).doesNotExist();
    assertThat(data.resolve("db.old")).doesNotExist();
  }

  @Test
  void aRestoreInterruptedBeforeItsMarkerLeavesTheStoreAsItWas() throws IOException {
    Path data = dir.resolve("data");
    HashCode root;
    try (RocksStateStore store = RocksStateStore.open(data, StoreOptions.defaults())) {
      commit(store, Map.of("a", "1"), "block-1");
      store.snapshot();
      commit(store, Map.of("a", "2"), "block-2");
      root = store.stateRoot();
    }
    Files.createDirectories(data.resolve("db.restore"));
    Files.writeString(data.resolve("db.restore").resolve("half-copied"), "x");

    try (RocksStateStore store = RocksStateStore.open(data, StoreOptions.defaults())) {
      assertThat(store.stateRoot()).isEqualTo(root);
      assertThat(store.chainGet(b("head"))).contains(b("block-2"));
    }
    assertThat(data.resolve("db.restore")).doesNotExist();
  }

  @Test
  void snapshotsSurviveReopeningAndCanBeRestoredAfterwards() {
    Path data = dir.resolve("data");
    HashCode root;
    SnapshotId id;
    try (RocksStateStore store = RocksStateStore.open(data, StoreOptions.defaults())) {
      commit(store, Map.of("a", "1"), "block-1");
      root = store.stateRoot();
      id = store.snapshot();
      commit(store, Map.of("a", "2"), "block-2");
    }
    try (RocksStateStore store = RocksStateStore.open(data, StoreOptions.defaults())) {
      assertThat(store.snapshots()).containsExactly(id);
      store.restore(id);
      assertThat(store.stateRoot()).isEqualTo(root);
      assertThat(store.recomputeStateRoot()).isEqualTo(root);
    }
  }

  private static String name(SnapshotId id) {
    return String.format("%012d", id.sequence());
  }
}
