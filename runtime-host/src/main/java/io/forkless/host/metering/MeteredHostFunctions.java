package io.forkless.host.metering;

import io.forkless.api.BlockContext;
import io.forkless.api.HostFunctions;
import io.forkless.api.MigrationContext;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.crypto.HostCrypto;

/**
 * {@link HostFunctions} that charge their fixed cost ({@link HostCrypto#ed25519VerifyCost}, {@link
 * HostCrypto#sha256Cost}) to the calling thread's meter before doing the work: loaded code reaches
 * the host's crypto only through here, so a loop of signature checks runs out of steps like any
 * other loop. Without an installed meter (host code calling directly) nothing is charged.
 */
final class MeteredHostFunctions implements HostFunctions {

  private final HostFunctions delegate;

  private MeteredHostFunctions(HostFunctions delegate) {
    this.delegate = delegate;
  }

  static HostFunctions of(HostFunctions host) {
    return host instanceof MeteredHostFunctions ? host : new MeteredHostFunctions(host);
  }

  /** {@code block} with its host functions metered. */
  static BlockContext of(BlockContext block) {
    if (block.host() instanceof MeteredHostFunctions) {
      return block;
    }
    return new BlockContext(
        block.chainId(), block.height(), block.timestampMillis(), of(block.host()));
  }

  /** {@code context} with its host functions metered. */
  static MigrationContext of(MigrationContext context) {
    return new MigrationContext() {
      @Override
      public RuntimeVersion fromVersion() {
        return context.fromVersion();
      }

      @Override
      public RuntimeVersion toVersion() {
        return context.toVersion();
      }

      @Override
      public void progress(long keysProcessed, long estimatedTotal) {
        context.progress(keysProcessed, estimatedTotal);
      }

      @Override
      public boolean budgetExhausted() {
        return context.budgetExhausted();
      }

      @Override
      public HostFunctions host() {
        return of(context.host());
      }
    };
  }

  private static void charge(long steps) {
    Meter meter = Meter.lookup();
    if (meter != null) {
      meter.charge(steps);
    }
  }

  @Override
  public boolean ed25519Verify(byte[] publicKey, byte[] message, byte[] signature) {
    charge(HostCrypto.ed25519VerifyCost(message.length));
    return delegate.ed25519Verify(publicKey, message, signature);
  }

  @Override
  public byte[] sha256(byte[] data) {
    charge(HostCrypto.sha256Cost(data.length));
    return delegate.sha256(data);
  }
}
