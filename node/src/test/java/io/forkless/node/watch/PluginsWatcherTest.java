package io.forkless.node.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableMap;
import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.SampleJars;
import io.forkless.host.governance.HashedMigrationPlan;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.ProposalStatus;
import io.forkless.host.governance.UpgradeProposal;
import io.forkless.host.loader.ArchiveLimits;
import io.forkless.host.loader.JarVerifier;
import io.forkless.node.TamperedJars;
import io.forkless.node.dev.DevBundle;
import io.forkless.node.dev.DevChain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives {@link PluginsWatcher#scan()} by hand: each call is one poll of the folder. */
class PluginsWatcherTest {

  @TempDir Path folder;

  private final List<FolderEvent> events = new CopyOnWriteArrayList<>();
  private Optional<ProposalRecord> open = Optional.empty();
  private PluginsWatcher watcher;

  @BeforeEach
  void watch() {
    watcher =
        new PluginsWatcher(
            folder,
            JarVerifier.create(DevBundle.trustAnchors(), ArchiveLimits.defaults()),
            () -> DevChain.GENESIS_TIME,
            () -> open);
    watcher.addListener(events::add);
  }

  @Test
  void acceptsAGoodJarDroppedInOnceItStoppedChanging() throws IOException {
    Path jar = Files.copy(SampleJars.jar(SampleJars.RUNTIME_2_0_0), folder.resolve("v2.jar"));

    watcher.scan();
    assertThat(events).as("first sighting: not read yet").isEmpty();
    watcher.scan();

    assertThat(events)
        .containsExactly(
            new FolderEvent.Accepted(
                jar,
                sha256(jar),
                Optional.of("2.0.0"),
                "CN=Forkless DEVELOPMENT signer - NOT FOR PRODUCTION,O=Forkless dev"));
    watcher.scan();
    assertThat(events).as("an unchanged JAR is not inspected again").hasSize(1);
  }

  @Test
  void rejectsATamperedJarWithTheReasons() throws IOException {
    Path jar =
        Files.write(
            folder.resolve("evil.jar"),
            TamperedJars.tamper(SampleJars.jar(SampleJars.RUNTIME_2_0_0)));

    watcher.scan();
    watcher.scan();

    assertThat(events).singleElement().isInstanceOf(FolderEvent.Rejected.class);
    FolderEvent.Rejected rejected = (FolderEvent.Rejected) events.get(0);
    assertThat(rejected.jar()).isEqualTo(jar);
    assertThat(String.join("; ", rejected.reasons())).containsIgnoringCase("digest");
  }

  @Test
  void refusesAnOversizedFileByItsSizeAloneAndOnlyOnce() throws IOException {
    Path huge = folder.resolve("huge.jar");
    long size = ArchiveLimits.defaults().maxTotalUncompressedSize() + 1;
    try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(size); // sparse: costs no disk, and would cost a 64 MiB read per scan
    }

    watcher.scan();
    watcher.scan();
    watcher.scan();

    assertThat(events).singleElement().isInstanceOf(FolderEvent.Rejected.class);
    assertThat(String.join("; ", ((FolderEvent.Rejected) events.get(0)).reasons()))
        .contains("the file is " + size + " bytes")
        .contains("it was not read");
  }

  @Test
  void aRejectedJarIsReportedOnceUntilItChanges() throws IOException {
    Path jar =
        Files.write(
            folder.resolve("evil.jar"),
            TamperedJars.tamper(SampleJars.jar(SampleJars.RUNTIME_2_0_0)));
    for (int i = 0; i < 6; i++) {
      watcher.scan();
    }
    assertThat(events).hasSize(1);

    Files.copy(
        SampleJars.jar(SampleJars.RUNTIME_2_0_0),
        jar,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    watcher.scan();
    watcher.scan();
    assertThat(events).filteredOn(FolderEvent.Rejected.class::isInstance).hasSize(1);
    assertThat(events).last().isInstanceOf(FolderEvent.Accepted.class);
  }

  @Test
  void neverReadsAJarThatIsStillBeingWritten() throws IOException {
    byte[] whole = Files.readAllBytes(SampleJars.jar(SampleJars.ADD_STAKING));
    Path jar = folder.resolve("staking.jar");
    Files.write(jar, Arrays.copyOf(whole, whole.length / 2));
    watcher.scan();
    Files.write(
        jar, Arrays.copyOfRange(whole, whole.length / 2, whole.length), StandardOpenOption.APPEND);
    watcher.scan();
    assertThat(events).as("changed since the last poll: still settling").isEmpty();

    watcher.scan();

    assertThat(events).singleElement().isInstanceOf(FolderEvent.Accepted.class);
    assertThat(((FolderEvent.Accepted) events.get(0)).version()).isEmpty();
  }

  @Test
  void reportsAtOnceTheDeletionOfAJarTheScheduledUpgradeNeeds() throws IOException {
    Path staking = Files.copy(SampleJars.jar(SampleJars.ADD_STAKING), folder.resolve("s.jar"));
    Path other = Files.copy(SampleJars.jar(SampleJars.RUNTIME_1_1_0), folder.resolve("o.jar"));
    watcher.scan();
    watcher.scan();
    HashCode needed = sha256(staking);
    open = Optional.of(scheduled(7, needed));
    events.clear();

    Files.delete(staking);
    Files.delete(other);
    watcher.scan();

    assertThat(events)
        .containsExactlyInAnyOrder(
            new FolderEvent.NeededJarDeleted(staking, needed, 7), new FolderEvent.Removed(other));
  }

  private static ProposalRecord scheduled(long id, HashCode pluginHash) {
    RuntimeVersion v1 = RuntimeVersion.of(1, 0, 0);
    RuntimeVersion v2 = RuntimeVersion.of(2, 0, 0);
    UpgradeProposal p =
        new UpgradeProposal(
            id,
            "alice",
            "t",
            "d",
            v2,
            HashCode.fromBytes(new byte[32]),
            Optional.of(
                new HashedMigrationPlan(
                    new MigrationPlan(v1, v2, List.of("add_staking"), 1, false),
                    ImmutableMap.of("add_staking", pluginHash))),
            5);
    return new ProposalRecord(
        p, ProposalStatus.SCHEDULED, 1, 21, 70, 0, OptionalLong.of(8), OptionalLong.empty(), "");
  }

  private static HashCode sha256(Path file) throws IOException {
    return Hashing.sha256().hashBytes(Files.readAllBytes(file));
  }
}
