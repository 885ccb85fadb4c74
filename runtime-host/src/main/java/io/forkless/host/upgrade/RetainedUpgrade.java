package io.forkless.host.upgrade;

import com.google.common.hash.HashCode;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.codec.Codec;

/**
 * An executed upgrade that can still be rolled back: which runtime it replaced (kept loaded, and
 * re-loaded from its code after a restart) and from which height its blocks' transactions are
 * re-executed by a rollback. Stored in chain state; the node-local id of its pre-upgrade snapshot
 * is a chain record written in the same batch ({@link LifecycleRecords#snapshotKey}).
 *
 * @param upgradeId the upgrade id: the governance proposal id when governance scheduled it
 * @param activationHeight the block that ran the upgraded runtime first
 */
public record RetainedUpgrade(
    long upgradeId,
    long activationHeight,
    RuntimeVersion previousVersion,
    HashCode previousCodeHash,
    RuntimeVersion upgradedVersion,
    HashCode upgradedCodeHash) {

  void writeTo(Codec.Writer w) {
    w.i64(upgradeId)
        .i64(activationHeight)
        .version(previousVersion)
        .hash(previousCodeHash)
        .version(upgradedVersion)
        .hash(upgradedCodeHash);
  }

  static RetainedUpgrade readFrom(Codec.Reader r) {
    return new RetainedUpgrade(
        r.i64("upgrade id"),
        r.i64("activation height"),
        r.version("previous version"),
        r.hash("previous code hash"),
        r.version("upgraded version"),
        r.hash("upgraded code hash"));
  }
}
