package io.forkless.host.upgrade;

import com.google.common.base.Stopwatch;
import io.forkless.api.BlockContext;
import io.forkless.api.HostFunctions;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.Transaction;
import io.forkless.host.crypto.HostCrypto;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.state.HostNamespace;
import io.forkless.host.state.Overlay;
import io.forkless.host.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs recent runtime transactions through a staged runtime on a scratch overlay that is discarded,
 * so its freshly defined classes are compiled by the JIT before the activation block instead of
 * during it. Results are never used. Nothing the runtime throws escapes: an exception or a stack
 * overflow skips one transaction, any other error (an {@link OutOfMemoryError}, …) ends the warm-up
 * with a warning; the upgrade is staged all the same.
 */
final class WarmUp {

  private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

  /** Applications of recent transactions through a staged runtime. */
  private static final int TRANSACTIONS = 20_000;

  /** Recent runtime transactions sampled. */
  private static final int SAMPLE = 2_000;

  /**
   * Host functions for the warm-up only (its writes are discarded): signatures count as valid so
   * the runtime's own code past the check gets warm, and the host's crypto (already compiled host
   * code) does not make the warm-up cost seconds.
   */
  private static final HostFunctions HOST =
      new HostFunctions() {
        @Override
        public boolean ed25519Verify(byte[] publicKey, byte[] message, byte[] signature) {
          return true;
        }

        @Override
        public byte[] sha256(byte[] data) {
          return HostCrypto.INSTANCE.sha256(data);
        }
      };

  private record Sampled(BlockContext ctx, byte[] payload) {}

  private WarmUp() {}

  static void run(StateStore store, LoadedRuntime staged, long upgradeId) {
    Stopwatch watch = Stopwatch.createStarted();
    List<Sampled> recent = new ArrayList<>();
    long head = Chain.storedHeadHeight(store).orElse(0L);
    for (long h = head; h > 0 && recent.size() < SAMPLE; h--) {
      Optional<Block> block = Chain.storedBlock(store, h);
      if (block.isEmpty()) {
        break;
      }
      BlockContext ctx =
          new BlockContext(
              block.get().header().chainId(), h, block.get().header().timestampMillis(), HOST);
      for (Transaction tx : block.get().transactions()) {
        if (tx.kind() == Transaction.Kind.RUNTIME && recent.size() < SAMPLE) {
          recent.add(new Sampled(ctx, tx.payload()));
        }
      }
    }
    int applied = 0;
    Overlay scratch = store.overlay();
    try {
      // Cycle through the sample until the new code ran about as often as it takes the JIT to
      // compile a hot path fully (C2: roughly 10,000 invocations).
      while (!recent.isEmpty() && applied < TRANSACTIONS) {
        Sampled t = recent.get(applied % recent.size());
        Overlay child = scratch.child();
        try {
          staged.runtime().apply(HostNamespace.guard(child), t.ctx(), t.payload().clone());
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
          // The new runtime may not understand the old state (a layout change): fine here.
        } finally {
          child.discard();
        }
        applied++;
      }
    } catch (Throwable e) {
      // An error of the runtime's own (out of memory, …) or the chain moved on under the scratch
      // overlay: the warm-up ends, the upgrade stays staged.
      log.warn(
          "Warm-up of runtime {} (code hash {}) for upgrade {} stopped after {} transactions: {}",
          staged.version(),
          staged.codeHash(),
          upgradeId,
          applied,
          e.toString());
    } finally {
      if (!scratch.isClosed()) {
        scratch.discard();
      }
    }
    log.debug(
        "Warmed up {} with {} transactions in {} ms",
        staged.version(),
        applied,
        watch.elapsed().toMillis());
  }
}
