package io.forkless.host.loader;

import com.google.common.hash.HashCode;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.ExecutedBlock;
import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.chain.RuntimeBinding;
import io.forkless.host.chain.Transaction;
import io.forkless.host.chain.TxReceipt;
import io.forkless.host.state.MemoryStateStore;
import io.forkless.host.state.StateStore;
import io.forkless.testing.hostile.HostileCorpus;
import io.forkless.testing.hostile.HostileCorpus.HostileCase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A chain of {@link #BLOCKS} blocks on one corpus runtime, either run all along by one loaded
 * runtime or "restarted" half-way: the JAR is loaded again by a new class loader (fresh static
 * fields, a fresh runtime object) and the chain reopened on the same store, as a node restarted
 * mid-chain does. Both must give the same roots and receipts.
 *
 * <p>As a main class: {@code RestartRun <case name> <continuous|restarted>} prints {@code roots …}
 * and {@code receipts …} lines.
 */
final class RestartRun {

  static final int BLOCKS = 4;

  record Outcome(List<String> roots, List<String> receipts) {}

  private RestartRun() {}

  static HostileCase named(String name) {
    return HostileCorpus.cases().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  static Outcome run(HostileCase c, boolean restarted) {
    VerifiedJar jar = CorpusRun.jar(c);
    StateStore store = MemoryStateStore.create();
    List<String> roots = new ArrayList<>();
    List<String> receipts = new ArrayList<>();
    int firstHalf = restarted ? BLOCKS / 2 : BLOCKS;
    produce(jar, store, 1, firstHalf, roots, receipts);
    if (restarted) {
      produce(jar, store, firstHalf + 1, BLOCKS, roots, receipts);
    }
    return new Outcome(roots, receipts);
  }

  private static void produce(
      VerifiedJar jar,
      StateStore store,
      int from,
      int to,
      List<String> roots,
      List<String> receipts) {
    try (LoadedRuntime loaded = RuntimeLoader.create().loadRuntime(jar)) {
      RuntimeBinding binding =
          new RuntimeBinding(
              loaded.runtime(), loaded.version(), HashCode.fromBytes(jar.codeHash().asBytes()));
      Chain chain =
          Chain.open(
              store,
              new GenesisConfig("restart", 1_000, Map.of("alice", 10L), binding.codeHash()),
              h -> binding);
      for (int b = from; b <= to; b++) {
        List<Transaction> txs = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          txs.add(Transaction.runtime(("tx " + b + "/" + t).getBytes(StandardCharsets.US_ASCII)));
        }
        ExecutedBlock block = chain.produceBlock(txs, 1_000L + b);
        roots.add(chain.stateRoot().toString());
        for (TxReceipt r : block.receipts()) {
          receipts.add(r.toString());
        }
      }
    }
  }

  public static void main(String[] args) {
    Outcome o = run(named(args[0]), args[1].equals("restarted"));
    System.out.println("roots " + String.join(",", o.roots()));
    System.out.println("receipts " + String.join("|", o.receipts()));
    System.out.println("run done");
  }
}
