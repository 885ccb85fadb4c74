package io.forkless.host.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.forkless.api.Runtime;
import io.forkless.host.SampleJars;
import io.forkless.host.state.MemoryStateStore;
import io.forkless.host.state.RocksStateStore;
import io.forkless.host.state.StoreOptions;
import io.forkless.testing.Seeds;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real balances 1.0.0 runtime (its signed JAR through a plain URLClassLoader) on the chain: a
 * RocksDB producer and a memory importer agree block by block, and the total supply holds.
 */
class BalancesChainTest {

  private static URLClassLoader loader;
  private static RuntimeBinding binding;

  @TempDir Path dir;

  @BeforeAll
  static void loadRuntime() throws Exception {
    Path jar = SampleJars.jar(SampleJars.RUNTIME_1_0_0);
    loader =
        new URLClassLoader(
            new URL[] {jar.toUri().toURL()}, BalancesChainTest.class.getClassLoader());
    Runtime runtime = ServiceLoader.load(Runtime.class, loader).findFirst().orElseThrow();
    binding = new RuntimeBinding(runtime, runtime.version(), CrashNode.codeHash(jar));
  }

  @AfterAll
  static void closeLoader() throws Exception {
    loader.close();
  }

  @ParameterizedTest
  @MethodSource("io.forkless.testing.Seeds#cases")
  void aRocksProducerAndAMemoryImporterAgreeOnEveryBlockAndSupplyHolds(long seed) {
    Random random = new Random(seed);
    GenesisConfig genesis = CrashNode.genesis(binding.codeHash());
    try (RocksStateStore rocks =
        RocksStateStore.open(
            dir.resolve("n" + seed),
            StoreOptions.defaults().withDurability(StoreOptions.Durability.OS_BUFFERED))) {
      Chain producer = Chain.open(rocks, genesis, h -> binding);
      Chain importer = Chain.open(MemoryStateStore.create(), genesis, h -> binding);
      io.forkless.testing.Accounts.Signer signer =
          new io.forkless.testing.Accounts.Signer("crash-chain");
      String supply = binding.runtime().invariants(producer.state()).get("totalSupply");
      for (int b = 0; b < 3; b++) {
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          String text =
              "transfer acct"
                  + random.nextInt(CrashNode.ACCOUNTS + 2)
                  + " acct"
                  + random.nextInt(CrashNode.ACCOUNTS + 2)
                  + " "
                  + random.nextInt(2_000_000_000)
                  + " #"
                  + b
                  + "-"
                  + i;
          txs.add(Transaction.runtime(signer.sign(text)));
        }
        ExecutedBlock produced = producer.produceBlock(txs, 10_000L * (b + 1));
        ExecutedBlock imported = importer.importBlock(produced.block());

        assertThat(imported.receipts()).as(Seeds.replay(seed)).isEqualTo(produced.receipts());
        assertThat(importer.stateRoot()).as(Seeds.replay(seed)).isEqualTo(producer.stateRoot());
      }
      assertThat(rocks.recomputeStateRoot()).as(Seeds.replay(seed)).isEqualTo(rocks.stateRoot());
      assertThat(binding.runtime().invariants(producer.state()).get("totalSupply"))
          .as(Seeds.replay(seed))
          .isEqualTo(supply);
    }
  }
}
