package io.forkless.node.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.forkless.api.StateView;
import io.forkless.host.ForklessHost;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.Chain;
import io.forkless.host.governance.Governance;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.Validator;
import io.forkless.node.cluster.NetworkView;
import io.forkless.node.rpc.NodeHealth;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The whole dashboard as one JSON object ({@code forkless_dashboard}, docs/rpc.md): head, block
 * time target and measured, ok/paused/halted with its reason, the runtime timeline, proposals with
 * tallies, thresholds and countdowns, snapshots, validators and recent events.
 *
 * <p>Fields for data the node does not have yet are present and {@code null} ({@code migration},
 * {@code network}, a proposal's {@code precheck}), so the page can show those panels as soon as
 * they are filled. Thread-safe (reads the host's facade only).
 */
public final class DashboardView {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** Proposals shown, newest first. */
  static final int PROPOSALS = 20;

  /** Events shown, newest first. */
  static final int EVENTS = 30;

  private final ForklessHost host;
  private final Duration blockTimeTarget;
  private final boolean dev;
  private final EventJournal journal;
  private final String nodeVersion;
  private NetworkView network;

  public DashboardView(
      ForklessHost host,
      Duration blockTimeTarget,
      boolean dev,
      EventJournal journal,
      String nodeVersion) {
    this.host = host;
    this.blockTimeTarget = blockTimeTarget;
    this.dev = dev;
    this.journal = journal;
    this.nodeVersion = nodeVersion;
    this.network = NetworkView.of(null, host);
  }

  /** Shows {@code network} in the {@code network} panel and takes its halt into the health. */
  public DashboardView withNetwork(NetworkView network) {
    this.network = network;
    return this;
  }

  /** The dashboard object. */
  public ObjectNode render() {
    Chain chain = host.chain();
    Block head = chain.head();
    StateView state = chain.state();
    Governance governance = host.governance();
    ObjectNode out = F.objectNode();
    out.put("chainId", chain.chainId()).put("dev", dev).put("nodeVersion", nodeVersion);
    out.put("height", head.height())
        .put("headHash", head.hash().toString())
        .put("stateRoot", head.header().stateRoot().toString())
        .put("headTimeMillis", head.header().timestampMillis());
    OptionalDouble measured = BlockTimes.measuredMillis(chain);
    ObjectNode blockTime = out.putObject("blockTime");
    blockTime.put("targetMillis", blockTimeTarget.toMillis());
    if (measured.isPresent()) {
      blockTime.put("measuredMillis", Math.round(measured.getAsDouble()));
    } else {
      blockTime.putNull("measuredMillis");
    }
    blockTime.put("window", BlockTimes.WINDOW);
    NodeHealth health =
        NodeHealth.of(network.haltedReason(), host.pausedReason())
            .withWarnings(NodeHealth.warnings(host));
    out.put("state", health.state().json()).put("reason", health.reason().orElse(null));
    ArrayNode warnings = out.putArray("warnings");
    health.warnings().forEach(warnings::add);
    out.putObject("runtime")
        .put("version", chain.activeRuntime().version().toString())
        .put("codeHash", chain.activeRuntime().codeHash().toString());
    Block genesis = chain.block(0).orElse(head);
    List<ProposalRecord> proposals = governance.proposals(state);
    out.set(
        "timeline",
        RuntimeTimeline.toJson(
            RuntimeTimeline.of(
                genesis.header().runtimeVersion(), genesis.header().runtimeCodeHash(), proposals)));
    out.putObject("thresholds")
        .put("quorum", governance.config().quorumThreshold().toString())
        .put("approval", governance.config().approvalThreshold().toString())
        .put("votingPeriod", governance.config().votingPeriod())
        .put("timelockDelay", governance.config().timelockDelay());
    long msPerBlock = Math.max(1, Math.round(measured.orElse((double) blockTimeTarget.toMillis())));
    ArrayNode ps = out.putArray("proposals");
    for (int i = proposals.size() - 1; i >= 0 && ps.size() < PROPOSALS; i--) {
      ps.add(
          ProposalView.toJson(proposals.get(i), governance, head.height(), msPerBlock)
              .set(
                  "precheck",
                  io.forkless.node.rpc.PrecheckFields.of(host, state, proposals.get(i))));
    }
    out.put("proposalCount", proposals.size());
    out.putObject("snapshots")
        .put("retained", host.coordinator().snapshotCount())
        .put("max", governance.config().maxSnapshots());
    out.put("mempoolSize", host.mempool().size());
    out.put("totalStake", governance.validators().totalStake());
    ArrayNode validators = out.putArray("validators");
    for (Validator v : governance.validators().all().values()) {
      validators.addObject().put("name", v.name()).put("stake", v.stake());
    }
    ArrayNode events = out.putArray("events");
    journal.recent(EVENTS).forEach(e -> events.add(e.toJson()));
    out.put("lastEventSeq", journal.lastSeq());
    out.set(
        "migration",
        io.forkless.node.rpc.MigrationJson.of(host.coordinator().migrationStatus(), msPerBlock));
    // The validator network (#15): this node's view of the group; null on a single node.
    out.set("network", network.json().<JsonNode>map(n -> n).orElse(F.nullNode()));
    return out;
  }
}
