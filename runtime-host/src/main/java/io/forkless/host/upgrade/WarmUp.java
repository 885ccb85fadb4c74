package io.forkless.host.upgrade;

import com.google.common.base.Stopwatch;
import io.forkless.api.BlockContext;
import io.forkless.api.HostFunctions;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.Transaction;
import io.forkless.host.crypto.HostCrypto;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.metering.ExecutionLimitError;
import io.forkless.host.metering.Meter;
import io.forkless.host.metering.MeteringLimits;
import io.forkless.host.metering.MeteringParameters;
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
 * during it. Results are never used. Nothing the runtime throws escapes. Each transaction runs
 * under its own meter of the chain's transaction budget. An exception (or a rejected receipt) skips
 * one transaction: the new runtime may not understand the old state. An {@link Error} (a stack
 * overflow, out of memory, a linkage error, a metering limit) ends the warm-up and is returned as a
 * {@link WarmUpFailure}, which the caller reports; the upgrade is staged all the same. The whole
 * warm-up uses at most one block's step budget (it runs on the block thread).
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

  private record Sampled(long height, BlockContext ctx, byte[] payload) {}

  private WarmUp() {}

  static Optional<WarmUpFailure> run(StateStore store, LoadedRuntime staged, UpgradeRecord record) {
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
          recent.add(new Sampled(h, ctx, tx.payload()));
        }
      }
    }
    int applied = 0;
    Optional<WarmUpFailure> failure = Optional.empty();
    Overlay scratch = store.overlay();
    try {
      MeteringLimits limits = MeteringParameters.read(scratch);
      // Cycle through the sample until the new code ran about as often as it takes the JIT to
      // compile a hot path fully (C2: roughly 10,000 invocations).
      // All of it within one block's budget: the warm-up runs on the block thread.
      long left = limits.blockSteps();
      while (!recent.isEmpty() && applied < TRANSACTIONS && failure.isEmpty() && left > 0) {
        Sampled t = recent.get(applied % recent.size());
        Overlay child = scratch.child();
        long steps = Math.min(limits.txSteps(), left);
        Meter meter = Meter.of(steps, limits, steps < limits.txSteps() ? "warm-up" : "");
        try {
          meter.run(
              () ->
                  staged.runtime().apply(HostNamespace.guard(child), t.ctx(), t.payload().clone()));
          Optional<Throwable> turned = meter.errorTurnedIntoReceipt();
          if (turned.isPresent()) {
            failure = Optional.of(failure(staged, record, turned.get(), applied, t.height()));
          }
        } catch (RuntimeException e) {
          // The new runtime may not understand the old state (a layout change): fine here.
        } catch (ExecutionLimitError e) {
          if (steps == limits.txSteps() || e.kind() != ExecutionLimitError.Kind.OUT_OF_STEPS) {
            // Out of steps, too deep, too much memory under the chain's own transaction limits.
            failure = Optional.of(failure(staged, record, e, applied, t.height()));
          } // else the warm-up's own budget ran out: it ends here.
        } catch (Throwable e) {
          // StackOverflowError, OutOfMemoryError, …: a fault of the runtime.
          failure = Optional.of(failure(staged, record, e, applied, t.height()));
        } finally {
          child.discard();
          left -= meter.used();
        }
        applied++;
      }
    } catch (Throwable e) {
      // The chain moved on under the scratch overlay, or the host itself ran out of memory: the
      // warm-up ends, the upgrade stays staged.
      log.warn(
          "Warm-up of runtime {} (code hash {}) for upgrade proposal {} stopped after {}"
              + " transactions: {}",
          staged.version(),
          staged.codeHash(),
          record.id(),
          applied,
          e.toString());
    } finally {
      if (!scratch.isClosed()) {
        scratch.discard();
      }
    }
    failure.ifPresent(f -> log.error("ALERT: {}", f.describe()));
    log.debug(
        "Warmed up {} with {} transactions in {} ms",
        staged.version(),
        applied,
        watch.elapsed().toMillis());
    return failure;
  }

  private static WarmUpFailure failure(
      LoadedRuntime staged, UpgradeRecord record, Throwable e, int applied, long height) {
    // Only the JDK's and the host's messages are read: a JAR's own error class could spin in
    // getMessage, and no meter is installed here.
    ClassLoader loader = e.getClass().getClassLoader();
    boolean trusted = loader == null || loader == WarmUp.class.getClassLoader();
    String message = trusted ? e.getMessage() : null;
    String cause = e.getClass().getName() + (message == null ? "" : ": " + message);
    return new WarmUpFailure(
        record.id(),
        staged.version(),
        staged.codeHash(),
        record.activationHeight(),
        cause,
        applied,
        height);
  }
}
