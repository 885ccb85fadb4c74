package io.forkless.node.dashboard;

import io.forkless.host.ForklessHost;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.TxReceipt;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.ProposalStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operator metrics the host does not register itself (Prometheus names): {@code
 * forkless_build_info{version}}, {@code forkless_runtime_info{version,code_hash}}, {@code
 * forkless_paused}, {@code forkless_proposals{state}}, {@code forkless_next_activation_height},
 * {@code forkless_transactions_included_total} and {@code forkless_transactions_failed_total}, plus
 * Micrometer's JVM and process binders. Gauges read values kept by {@link #observe}, called after
 * each look at the chain. Thread-safe; {@link #close} releases the GC listener.
 */
public final class NodeMetrics implements AutoCloseable {

  /** Blocks counted per observation at most, so one look never stalls on a long catch-up. */
  static final int MAX_BLOCKS_PER_OBSERVATION = 1_000;

  private final MultiGauge runtimeInfo;
  private final Map<ProposalStatus, AtomicLong> proposals = new EnumMap<>(ProposalStatus.class);
  private final AtomicLong paused = new AtomicLong();
  private final AtomicLong nextActivation = new AtomicLong(-1);
  private final Counter included;
  private final Counter failed;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private long countedHeight;
  private String runtimeKey = "";

  /**
   * Registers the meters.
   *
   * @param startHeight transactions are counted from the block after this one (the head at start)
   */
  public NodeMetrics(MeterRegistry registry, String nodeVersion, long startHeight) {
    this.countedHeight = startHeight;
    Gauge.builder("forkless.build.info", () -> 1)
        .description("the node's build: version label, value always 1")
        .tag("version", nodeVersion)
        .register(registry);
    runtimeInfo =
        MultiGauge.builder("forkless.runtime.info")
            .description("the active runtime: version and code_hash labels, value always 1")
            .register(registry);
    Gauge.builder("forkless.paused", paused, AtomicLong::get)
        .description(
            "1 while block production is paused on purpose (governance pause, a migration, the"
                + " operator), else 0")
        .register(registry);
    for (ProposalStatus s : ProposalStatus.values()) {
      AtomicLong count = new AtomicLong();
      proposals.put(s, count);
      Gauge.builder("forkless.proposals", count, AtomicLong::get)
          .description("upgrade proposals on chain in each state")
          .tag("state", s.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    Gauge.builder("forkless.next.activation.height", nextActivation, AtomicLong::get)
        .description("activation height of the scheduled (approved) upgrade proposal, -1 when none")
        .register(registry);
    included =
        Counter.builder("forkless.transactions.included")
            .description("transactions included in blocks since the node started (failed ones too)")
            .register(registry);
    failed =
        Counter.builder("forkless.transactions.failed")
            .description("included transactions whose receipt is a failure, since the node started")
            .register(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new JvmInfoMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  /** Updates the gauges from {@code now} and counts the transactions of blocks not yet counted. */
  public synchronized void observe(Observation now, ForklessHost host) {
    paused.set(now.paused().isPresent() ? 1 : 0);
    Map<ProposalStatus, Long> counts = new EnumMap<>(ProposalStatus.class);
    long next = -1;
    for (ProposalRecord r : now.proposals()) {
      counts.merge(r.status(), 1L, Long::sum);
      if (r.status() == ProposalStatus.SCHEDULED && r.activationHeight().isPresent()) {
        next = r.activationHeight().getAsLong();
      }
    }
    proposals.forEach((s, c) -> c.set(counts.getOrDefault(s, 0L)));
    nextActivation.set(next);
    Chain chain = host.chain();
    String version = chain.activeRuntime().version().toString();
    String codeHash = chain.activeRuntime().codeHash().toString();
    if (!runtimeKey.equals(version + codeHash)) {
      runtimeKey = version + codeHash;
      runtimeInfo.register(
          List.of(MultiGauge.Row.of(Tags.of("version", version, "code_hash", codeHash), 1)), true);
    }
    countTransactions(chain, now.height());
  }

  private void countTransactions(Chain chain, long head) {
    if (head < countedHeight) {
      // A rollback reverted blocks: their transactions count again when re-included.
      countedHeight = head;
      return;
    }
    long until = Math.min(head, countedHeight + MAX_BLOCKS_PER_OBSERVATION);
    for (long h = countedHeight + 1; h <= until; h++) {
      List<TxReceipt> receipts = chain.receipts(h).orElse(List.of());
      included.increment(receipts.size());
      failed.increment(receipts.stream().filter(r -> !r.success()).count());
      countedHeight = h;
    }
  }

  @Override
  public void close() {
    gc.close();
  }
}
