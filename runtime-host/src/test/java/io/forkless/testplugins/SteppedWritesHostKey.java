package io.forkless.testplugins;

import io.forkless.api.MigrationContext;
import io.forkless.api.State;
import java.util.Optional;
import org.pf4j.Extension;

/** Writes outside the runtime's keys: into the host namespace (the lifecycle's records). */
@Extension
public final class SteppedWritesHostKey extends SteppedLayout2 {
  @Override
  public String name() {
    return "stepped_host_write";
  }

  @Override
  public Optional<byte[]> step(State state, Optional<byte[]> cursor, MigrationContext context) {
    state.put(new byte[] {0, 'u', 'p', 'g', '/', 'm', 'b', 'm'}, new byte[] {1});
    return super.step(state, cursor, context);
  }
}
