package io.forkless.host.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.HashCode;
import io.forkless.api.Runtime;
import io.forkless.host.ChildJvm;
import io.forkless.host.SampleJars;
import io.forkless.host.state.RocksStateStore;
import io.forkless.host.state.StoreOptions;
import io.forkless.testing.Seeds;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a block-producing node (child JVM, balances 1.0.0 under transfer load, snapshots and
 * restores) at random moments, then checks that the data folder is consistent every time.
 */
class CrashTest {

  private static final int KILLS = 20;

  @TempDir Path dir;

  @Test
  void aNodeKilledAtRandomMomentsAlwaysReopensConsistent() throws Exception {
    long seed = Long.getLong("forkless.seed", System.nanoTime());
    System.out.println("CrashTest " + Seeds.replay(seed));
    Random random = new Random(seed);
    Path jar = SampleJars.jar(SampleJars.RUNTIME_1_0_0);
    Path data = dir.resolve("node");
    long maxHeight = 0;

    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
      Runtime runtime = ServiceLoader.load(Runtime.class, loader).findFirst().orElseThrow();
      RuntimeBinding binding =
          new RuntimeBinding(runtime, runtime.version(), CrashNode.codeHash(jar));

      for (int kill = 0; kill < KILLS; kill++) {
        int blocksBeforeKill = 1 + random.nextInt(5);
        try (ChildJvm child =
            ChildJvm.start(
                CrashNode.class,
                List.of(jar),
                data.toString(),
                jar.toString(),
                Long.toString(random.nextLong()))) {
          child.awaitLine(l -> l.startsWith("STARTED"), Duration.ofSeconds(60));
          long[] seen = {0};
          child.awaitLine(
              l -> l.startsWith("HEIGHT") && ++seen[0] >= blocksBeforeKill, Duration.ofSeconds(60));
          child.kill();
          assertThat(child.output())
              .as("child output, " + Seeds.replay(seed))
              .noneMatch(l -> l.contains("Exception"));
        }
        maxHeight = Math.max(maxHeight, checkConsistent(data, binding, seed, kill));
      }
    }
    assertThat(maxHeight).as(Seeds.replay(seed)).isGreaterThanOrEqualTo(KILLS);
  }

  private static long checkConsistent(Path data, RuntimeBinding binding, long seed, int kill) {
    String context = "after kill " + kill + ", " + Seeds.replay(seed);
    try (RocksStateStore store = RocksStateStore.open(data, StoreOptions.defaults())) {
      HashCode recomputed = store.recomputeStateRoot();
      Chain chain = Chain.open(store, CrashNode.genesis(binding.codeHash()), hash -> binding);
      Block head = chain.head();
      assertThat(store.stateRoot()).as(context).isEqualTo(recomputed);
      assertThat(head.header().stateRoot()).as(context).isEqualTo(recomputed);

      Set<HashCode> txs = new HashSet<>();
      HashCode parent = BlockHeader.GENESIS_PARENT;
      for (long h = 0; h <= head.height(); h++) {
        Block block = chain.block(h).orElseThrow(() -> new AssertionError("gap " + context));
        assertThat(block.height()).as(context).isEqualTo(h);
        assertThat(block.header().parentHash()).as(context).isEqualTo(parent);
        assertThat(chain.receipts(h).orElseThrow()).as(context).hasSameSizeAs(block.transactions());
        for (int i = 0; i < block.transactions().size(); i++) {
          HashCode tx = block.transactions().get(i).hash();
          assertThat(txs.add(tx)).as("tx recorded twice " + tx + " " + context).isTrue();
          assertThat(chain.findTransaction(tx)).as(context).contains(new TxLocation(h, i));
        }
        parent = block.hash();
      }
      assertThat(chain.block(head.height() + 1)).as("half-written block " + context).isEmpty();
      assertThat(chain.receipts(head.height() + 1)).as(context).isEmpty();
      return head.height();
    }
  }
}
