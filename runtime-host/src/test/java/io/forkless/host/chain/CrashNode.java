package io.forkless.host.chain;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import com.google.common.io.Files;
import io.forkless.api.Runtime;
import io.forkless.host.state.RocksStateStore;
import io.forkless.host.state.StoreOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;

/**
 * Child-JVM main for {@link CrashTest}: a node on {@code args[0]} producing blocks of balances
 * 1.0.0 transfers as fast as it can, taking a snapshot every 7 blocks and restoring the latest one
 * every 25, until it is killed. Prints {@code HEIGHT n} after each block. The runtime comes from
 * the sample JAR {@code args[1]}, which is on this JVM's class path.
 */
public final class CrashNode {

  static final int ACCOUNTS = 12;

  private CrashNode() {}

  static GenesisConfig genesis(HashCode codeHash) {
    Map<String, Long> balances = new LinkedHashMap<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      balances.put("acct" + i, 1_000_000_000L);
    }
    return new GenesisConfig(
        "crash-chain", 1_000, io.forkless.testing.Accounts.devGenesis(balances), codeHash);
  }

  static HashCode codeHash(Path jar) throws IOException {
    return Files.asByteSource(jar.toFile()).hash(Hashing.sha256());
  }

  public static void main(String[] args) throws IOException {
    Path data = Path.of(args[0]);
    File jar = new File(args[1]);
    long seed = Long.parseLong(args[2]);
    Runtime runtime = ServiceLoader.load(Runtime.class).findFirst().orElseThrow();
    RuntimeBinding binding = new RuntimeBinding(runtime, runtime.version(), codeHash(jar.toPath()));
    Random random = new Random(seed);
    RocksStateStore store = RocksStateStore.open(data, StoreOptions.defaults().withMaxSnapshots(2));
    Chain chain = Chain.open(store, genesis(binding.codeHash()), hash -> binding);
    Mempool mempool = Mempool.create(MempoolConfig.defaults(), chain::transactionIncluded);
    BlockProducer producer =
        BlockProducer.create(
            chain,
            mempool,
            new ProducerConfig(java.time.Duration.ofSeconds(1), 40, java.time.Clock.systemUTC()));
    ChainSnapshot snapshot = null;
    io.forkless.testing.Accounts.Signer signer =
        new io.forkless.testing.Accounts.Signer("crash-chain");
    System.out.println("STARTED " + chain.head().height());
    for (long n = 0; ; n++) {
      for (int i = 0; i < 40; i++) {
        String tx =
            "transfer acct"
                + random.nextInt(ACCOUNTS)
                + " acct"
                + random.nextInt(ACCOUNTS)
                + " "
                + (1 + random.nextInt(1000))
                + " #"
                + seed
                + "-"
                + n
                + "-"
                + i;
        try {
          mempool.submit(Transaction.runtime(signer.sign(tx)));
        } catch (TransactionRejectedException e) {
          // Mempool full after a restore requeued many: fine, the load goes on.
        }
      }
      Block block = producer.produceBlock().orElseThrow().block();
      if (block.height() % 7 == 0) {
        snapshot = chain.snapshot();
      }
      if (block.height() % 25 == 0 && snapshot != null) {
        List<Block> reverted = chain.restore(snapshot);
        mempool.requeueFront(reverted.stream().flatMap(b -> b.transactions().stream()).toList());
        snapshot = null;
        System.out.println("RESTORED " + chain.head().height());
      }
      System.out.println("HEIGHT " + chain.head().height());
    }
  }
}
