package io.forkless.node.watch;

import com.google.common.collect.ImmutableList;
import com.google.common.hash.HashCode;
import java.nio.file.Path;
import java.util.Optional;

/** What the {@link PluginsWatcher} found in the plugins folder; each is also logged. */
public sealed interface FolderEvent
    permits FolderEvent.Accepted,
        FolderEvent.Rejected,
        FolderEvent.NeededJarDeleted,
        FolderEvent.Removed {

  /** The JAR concerned. */
  Path jar();

  /**
   * A completely written JAR passed verification.
   *
   * @param version the declared runtime version; empty for a migration plugin
   */
  record Accepted(Path jar, HashCode codeHash, Optional<String> version, String signer)
      implements FolderEvent {}

  /** A completely written JAR failed verification, for every one of {@code reasons}. */
  record Rejected(Path jar, ImmutableList<String> reasons) implements FolderEvent {}

  /**
   * A JAR whose code hash the scheduled upgrade {@code proposalId} needs was deleted or changed.
   */
  record NeededJarDeleted(Path jar, HashCode codeHash, long proposalId) implements FolderEvent {}

  /** A JAR no scheduled upgrade needs was deleted or changed. */
  record Removed(Path jar) implements FolderEvent {}
}
