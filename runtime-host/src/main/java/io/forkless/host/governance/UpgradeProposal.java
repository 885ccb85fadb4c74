package io.forkless.host.governance;

import com.google.common.hash.HashCode;
import io.forkless.api.RuntimeVersion;
import java.util.Optional;

/**
 * The seed's {@code UpgradeProposal}, as recorded on chain once a block included it.
 *
 * @param id assigned by the chain: 1, 2, 3, … in inclusion order
 * @param proposer the proposing validator's name
 * @param newVersion the runtime version to activate
 * @param codeHash SHA-256 of the runtime JAR to activate
 * @param migrationPlan the migrations to run, each bound to its plugin JAR's code hash
 * @param activationDelay blocks between approval and activation (≥ the timelock)
 */
public record UpgradeProposal(
    long id,
    String proposer,
    String title,
    String description,
    RuntimeVersion newVersion,
    HashCode codeHash,
    Optional<HashedMigrationPlan> migrationPlan,
    long activationDelay) {}
