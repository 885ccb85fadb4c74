package io.forkless.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.forkless.host.ForklessHost;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.Chain;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.Validator;
import io.forkless.host.metering.MeteringLimits;
import io.forkless.host.metering.MeteringParameters;
import io.forkless.host.migration.MigrationParameters;
import io.forkless.node.cluster.NetworkView;
import io.forkless.node.server.NodeSettings;
import java.util.Optional;

/**
 * The object {@code forkless_status} answers (docs/rpc.md): the head, the active runtime, why
 * production is paused or halted, governance and chain parameters with their pending changes, the
 * running migration and, on a validator network, its Raft view. Read from the host at call time.
 */
final class StatusJson {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final ForklessHost host;
  private final NodeSettings.Mode mode;
  private final NetworkView network;

  StatusJson(ForklessHost host, NodeSettings.Mode mode, NetworkView network) {
    this.host = host;
    this.mode = mode;
    this.network = network;
  }

  /** The status object; {@code proposalJson} renders the open proposal as forkless_proposal. */
  ObjectNode build(java.util.function.Function<ProposalRecord, ObjectNode> proposalJson) {
    Chain chain = host.chain();
    Block head = chain.head();
    var state = chain.state();
    ObjectNode s = F.objectNode();
    s.put("chainId", chain.chainId());
    s.put("dev", mode == NodeSettings.Mode.DEV);
    s.put("height", head.height());
    s.put("headHash", head.hash().toString());
    s.put("stateRoot", head.header().stateRoot().toString());
    s.put("runtimeVersion", chain.activeRuntime().version().toString());
    s.put("codeHash", chain.activeRuntime().codeHash().toString());
    Optional<String> pausedReason = pausedReason(state);
    s.put("paused", pausedReason.isPresent());
    s.put("pausedReason", pausedReason.orElse(null));
    s.put("halted", network.haltedReason().orElse(null));
    ArrayNode warnings = s.putArray("warnings");
    NodeHealth.warnings(host).forEach(warnings::add);
    s.put("snapshots", host.coordinator().snapshotCount());
    s.put("mempoolSize", host.mempool().size());
    s.put("emergencyNonce", host.governance().emergencyNonce(state));
    s.put("totalStake", host.governance().validators().totalStake());
    var config = host.governance().config();
    // The chain's governance parameters: `forkless propose` takes its default activation delay
    // from timelockDelay, so it never proposes below the timelock.
    s.put("timelockDelay", config.timelockDelay());
    s.put("votingPeriod", config.votingPeriod());
    s.put("quorumThreshold", config.quorumThreshold().toString());
    s.put("approvalThreshold", config.approvalThreshold().toString());
    s.put("maxSnapshots", config.maxSnapshots());
    ArrayNode validators = s.putArray("validators");
    for (Validator v : host.governance().validators().all().values()) {
      validators
          .addObject()
          .put("name", v.name())
          .put("stake", v.stake())
          .put("nonce", host.nextGovernanceNonce(v.name()));
    }
    // Multi-block migrations (#16): the running one with its progress, null when none.
    s.set("migration", MigrationJson.of(host.coordinator().migrationStatus(), blockMillis(chain)));
    Optional<ProposalRecord> open = host.governance().openProposal(state);
    s.set("pendingUpgrade", open.<JsonNode>map(proposalJson::apply).orElse(F.nullNode()));
    // Metering (#13): the limits in force, chain parameters read from state.
    limitsJson(s.putObject("metering"), MeteringParameters.read(state));
    // A governed change waiting for its height (chain parameters, #13).
    var pending = host.governance().pendingParameter(state, MeteringParameters.NAME);
    if (pending.isPresent()) {
      ObjectNode p = s.putObject("meteringPending");
      p.put("activationHeight", pending.get().activationHeight());
      limitsJson(p, MeteringLimits.decode(pending.get().value()));
    } else {
      s.putNull("meteringPending");
    }
    // The multi-block migration budget (#16), a chain parameter, and a governed change pending.
    s.put("migrationKeysPerBlock", MigrationParameters.read(state).keysPerBlock());
    var budgetPending = host.governance().pendingParameter(state, MigrationParameters.NAME);
    if (budgetPending.isPresent()) {
      s.putObject("migrationKeysPerBlockPending")
          .put("activationHeight", budgetPending.get().activationHeight())
          .put(
              "keysPerBlock",
              MigrationParameters.decode(budgetPending.get().value()).keysPerBlock());
    } else {
      s.putNull("migrationKeysPerBlockPending");
    }
    // The validator network (#15): null on a single node.
    Optional<ObjectNode> net = network.json();
    s.set("network", net.<JsonNode>map(n -> n).orElse(F.nullNode()));
    net.ifPresent(
        n -> {
          s.put("nodeId", n.get("nodeId").asText());
          s.set("leader", n.get("leader"));
          s.put("term", n.get("term").asLong());
          s.put("commitIndex", n.get("commitIndex").asLong());
        });
    return s;
  }

  private static void limitsJson(ObjectNode out, MeteringLimits limits) {
    out.put("txSteps", limits.txSteps())
        .put("blockSteps", limits.blockSteps())
        .put("maxCallDepth", limits.maxCallDepth())
        .put("txMemoryBytes", limits.txMemoryBytes())
        .put("loadSteps", limits.loadSteps())
        .put("migrationSteps", limits.migrationSteps());
  }

  /** The measured block time (the last blocks), 1 s when there are too few. */
  private static long blockMillis(Chain chain) {
    return Math.max(
        1, Math.round(io.forkless.node.dashboard.BlockTimes.measuredMillis(chain).orElse(1000)));
  }

  private Optional<String> pausedReason(io.forkless.api.StateView state) {
    if (host.governance().isPaused(state)) {
      return Optional.of(
          "governance: an emergency PAUSE (only governance transactions are included)");
    }
    if (host.coordinator().pausedForMigration()) {
      return Optional.of("migration: the upgrade's migration plan requires a pause");
    }
    var migrating = host.coordinator().migrationStatus();
    if (migrating.isPresent() && migrating.get().usersPaused()) {
      return Optional.of(
          "migration: upgrade "
              + migrating.get().upgradeId()
              + " is migrating; blocks go on, user transactions wait until the swap");
    }
    if (host.producer().isPaused()) {
      return Optional.of("host: block production paused");
    }
    return Optional.empty();
  }
}
