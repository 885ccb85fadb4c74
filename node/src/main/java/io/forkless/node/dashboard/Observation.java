package io.forkless.node.dashboard;

import io.forkless.host.ForklessHost;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.Chain;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.node.rpc.NodeHealth;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongFunction;

/**
 * What the journal compares from one look at the node to the next: the head height, every proposal
 * and the paused and halted reasons. Read from the host's facade in {@link #of}; tests build one
 * directly.
 *
 * @param blockTime the timestamp of the block at a height, empty when there is none (rolled back)
 * @param warnings failures that do not stop production ({@link NodeHealth#warnings})
 */
public record Observation(
    long height,
    List<ProposalRecord> proposals,
    Optional<String> paused,
    Optional<String> halted,
    LongFunction<OptionalLong> blockTime,
    List<String> warnings) {

  public Observation {
    proposals = List.copyOf(proposals);
    warnings = List.copyOf(warnings);
  }

  /** An observation without warnings. */
  public Observation(
      long height,
      List<ProposalRecord> proposals,
      Optional<String> paused,
      Optional<String> halted,
      LongFunction<OptionalLong> blockTime) {
    this(height, proposals, paused, halted, blockTime, List.of());
  }

  /** One consistent look at {@code host}: the state and head are read once. */
  public static Observation of(ForklessHost host) {
    Chain chain = host.chain();
    Block head = chain.head();
    return new Observation(
        head.height(),
        host.governance().proposals(chain.state()),
        host.pausedReason(),
        host.producer().haltedReason(),
        h ->
            chain
                .block(h)
                .map(b -> OptionalLong.of(b.header().timestampMillis()))
                .orElse(OptionalLong.empty()),
        NodeHealth.warnings(host));
  }
}
