package io.forkless.host.chain;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.state.StateStore;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/** Fixtures: a KvRuntime binding, a genesis, a resolver. */
final class TestChains {

  static final RuntimeBinding V1 = binding(RuntimeVersion.of(1, 0, 0));
  static final RuntimeBinding V1_1 = binding(RuntimeVersion.of(1, 1, 0));
  static final GenesisConfig GENESIS =
      new GenesisConfig("test-chain", 1_000, Map.of("alice", 100L), V1.codeHash());
  static final Function<HashCode, RuntimeBinding> RESOLVER =
      hash -> {
        for (RuntimeBinding b : new RuntimeBinding[] {V1, V1_1}) {
          if (b.codeHash().equals(hash)) {
            return b;
          }
        }
        throw new IllegalArgumentException("no runtime with code hash " + hash);
      };

  private TestChains() {}

  static RuntimeBinding binding(RuntimeVersion version) {
    return new RuntimeBinding(
        new KvRuntime(version),
        version,
        Hashing.sha256().hashString("kv-runtime-" + version, StandardCharsets.UTF_8));
  }

  static Chain open(StateStore store) {
    return Chain.open(store, GENESIS, RESOLVER);
  }

  static Transaction tx(String text) {
    return Transaction.runtime(text.getBytes(StandardCharsets.US_ASCII));
  }

  static Transaction hostTx(String text) {
    return Transaction.host(text.getBytes(StandardCharsets.US_ASCII));
  }

  static byte[] kv(String key) {
    return ("kv/" + key).getBytes(StandardCharsets.US_ASCII);
  }
}
