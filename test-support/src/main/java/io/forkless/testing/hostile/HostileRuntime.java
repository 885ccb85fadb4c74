package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.Runtime;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.State;
import io.forkless.api.StateView;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shared part of every hostile runtime in the corpus: version 1.0.0, layout 1, an empty
 * genesis, no invariants. Each case overrides {@link #apply} with one attack and is packaged
 * together with this class into its own runtime JAR.
 */
public abstract class HostileRuntime implements Runtime {

  @Override
  public RuntimeVersion version() {
    return RuntimeVersion.of(1, 0, 0);
  }

  @Override
  public int stateLayoutVersion() {
    return 1;
  }

  @Override
  public void initGenesis(State state, Map<String, Object> genesis) {
    state.put(bytes("genesis"), bytes("ok"));
  }

  @Override
  public abstract Receipt apply(State state, BlockContext block, byte[] transaction);

  @Override
  public Map<String, String> invariants(StateView state) {
    return new TreeMap<>();
  }

  /** Writes {@code value} under {@code key} and succeeds, noting the value in the receipt. */
  protected static Receipt write(State state, String key, String value) {
    state.put(bytes(key), bytes(value));
    return Receipt.ok(value);
  }

  protected static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
