package io.forkless.host.upgrade;

import io.forkless.host.upgrade.UpgradeEvent.UpgradeExecuted;
import java.time.Duration;

/** An upgrade executed into the activation block's overlay, final once that block commits. */
record ExecutingUpgrade(
    PendingUpgrade pending,
    PendingSnapshot snapshot,
    UpgradeExecuted event,
    Duration activationTime) {}
