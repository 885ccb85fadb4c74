package io.forkless.host.loader;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.ExecutedBlock;
import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.chain.RuntimeBinding;
import io.forkless.host.chain.Transaction;
import io.forkless.host.chain.TxReceipt;
import io.forkless.host.state.MemoryStateStore;
import io.forkless.testing.hostile.HostileCorpus;
import io.forkless.testing.hostile.HostileCorpus.HostileCase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one hostile case the way a node would: loads its JAR through the real {@link RuntimeLoader}
 * (instrumented, metered), opens a chain on it and produces a few blocks of transactions. The
 * outcome is either the refusal, or every block's state root and receipts, as one line that two
 * replays in separate JVMs must print identically.
 *
 * <p>As a main class: prints {@code case <name> <outcome>} for every case of the corpus, for the
 * child-JVM replays of {@link HostileCorpusTest}.
 */
final class CorpusRun {

  static final int BLOCKS = 3;
  static final int TRANSACTIONS_PER_BLOCK = 2;

  /** What happened to a case. */
  record Outcome(boolean refused, String refusal, List<String> roots, List<TxReceipt> receipts) {

    String line() {
      if (refused) {
        return "refused";
      }
      Hasher h = Hashing.sha256().newHasher();
      receipts.forEach(r -> h.putString(r.toString(), StandardCharsets.UTF_8));
      return "roots " + String.join(",", roots) + " receipts " + h.hash();
    }
  }

  private CorpusRun() {}

  static VerifiedJar jar(HostileCase c) {
    TestJars.Builder builder =
        TestJars.builder(c.name() + ".jar").runtime("1.0.0", c.implementation());
    for (Map.Entry<String, byte[]> file : c.classFiles().entrySet()) {
      builder.entry(file.getKey(), file.getValue());
    }
    return builder.build();
  }

  static Outcome run(HostileCase c) {
    VerifiedJar jar = jar(c);
    LoadedRuntime loaded;
    try {
      loaded = RuntimeLoader.create().loadRuntime(jar);
    } catch (RuntimeRejectedException e) {
      return new Outcome(true, e.getMessage(), List.of(), List.of());
    }
    try (loaded) {
      RuntimeBinding binding =
          new RuntimeBinding(
              loaded.runtime(), loaded.version(), HashCode.fromBytes(jar.codeHash().asBytes()));
      Chain chain =
          Chain.open(
              MemoryStateStore.create(),
              new GenesisConfig(
                  "hostile", 1_000, Map.of("alice", 10L, "bob", 20L), binding.codeHash()),
              h -> binding);
      List<String> roots = new ArrayList<>(List.of(chain.stateRoot().toString()));
      List<TxReceipt> receipts = new ArrayList<>();
      for (int b = 1; b <= BLOCKS; b++) {
        List<Transaction> txs = new ArrayList<>();
        for (int t = 0; t < TRANSACTIONS_PER_BLOCK; t++) {
          txs.add(Transaction.runtime(("tx " + b + "/" + t).getBytes(StandardCharsets.US_ASCII)));
        }
        ExecutedBlock block = chain.produceBlock(txs, 1_000L + b);
        roots.add(chain.stateRoot().toString());
        receipts.addAll(block.receipts());
      }
      return new Outcome(false, "", roots, receipts);
    }
  }

  public static void main(String[] args) {
    for (HostileCase c : HostileCorpus.cases()) {
      System.out.println("case " + c.name() + " " + run(c).line());
    }
    System.out.println("corpus done");
  }
}
