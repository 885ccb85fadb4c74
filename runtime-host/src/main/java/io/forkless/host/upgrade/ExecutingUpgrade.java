package io.forkless.host.upgrade;

import io.forkless.host.state.SnapshotId;
import io.forkless.host.upgrade.UpgradeEvent.UpgradeExecuted;
import java.time.Duration;

/** An upgrade executed into the activation block's overlay, final once that block commits. */
record ExecutingUpgrade(
    PendingUpgrade pending, SnapshotId snapshot, UpgradeExecuted event, Duration activationTime) {}
