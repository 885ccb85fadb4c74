package io.forkless.host.upgrade;

import com.google.common.hash.HashCode;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.codec.Codec;

/**
 * An upgrade whose stepped migration plan is running: activated (its snapshot taken, its first
 * share run) at {@code activationHeight}, swapped in the block its plan finishes. Stored in chain
 * state under {@code 0x00 "upg/mbm"} from the activation block until the block that swaps, fails or
 * cancels it; the plan's cursor is {@link
 * io.forkless.host.migration.SteppedMigrationDriver#CURSOR_KEY}.
 *
 * @param upgradeId the upgrade id: the governance proposal id when governance scheduled it
 * @param activationHeight the block that took the pre-upgrade snapshot and ran the first step
 * @param pausesUsers whether user (runtime) transactions are refused until the swap ({@code
 *     requiresPause}); otherwise the previous runtime serves them meanwhile
 */
public record MigratingUpgrade(
    long upgradeId,
    long activationHeight,
    RuntimeVersion previousVersion,
    HashCode previousCodeHash,
    RuntimeVersion upgradedVersion,
    HashCode upgradedCodeHash,
    boolean pausesUsers) {

  private static final int FORMAT = 1;

  byte[] encode() {
    return new Codec.Writer()
        .u8(FORMAT)
        .i64(upgradeId)
        .i64(activationHeight)
        .version(previousVersion)
        .hash(previousCodeHash)
        .version(upgradedVersion)
        .hash(upgradedCodeHash)
        .bool(pausesUsers)
        .toByteArray();
  }

  static MigratingUpgrade decode(byte[] bytes) {
    Codec.Reader r = new Codec.Reader(bytes);
    int format = r.u8("migrating format");
    if (format != FORMAT) {
      throw new IllegalStateException("unknown migrating-upgrade record format " + format);
    }
    MigratingUpgrade m =
        new MigratingUpgrade(
            r.i64("upgrade id"),
            r.i64("activation height"),
            r.version("previous version"),
            r.hash("previous code hash"),
            r.version("upgraded version"),
            r.hash("upgraded code hash"),
            r.bool("pauses users"));
    r.expectEnd("migrating upgrade");
    return m;
  }
}
