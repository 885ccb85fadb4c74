package io.forkless.node.rpc;

import io.forkless.host.ForklessHost;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether the node is producing: ok, paused (on purpose: governance, a migration or the operator;
 * still healthy) or halted (a local failure stops production: unhealthy). A halt wins over a pause.
 *
 * @param reason why it is paused or halted; empty when ok
 */
public record NodeHealth(State state, Optional<String> reason) {

  /** The three states of {@code /health}. */
  public enum State {
    OK,
    PAUSED,
    HALTED;

    /** As in JSON: {@code "ok"}, {@code "paused"}, {@code "halted"}. */
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The node's state now. */
  public static NodeHealth of(ForklessHost host) {
    return of(host.producer().haltedReason(), host.pausedReason());
  }

  /** The state from a halt alert and a pause reason. */
  public static NodeHealth of(Optional<String> halted, Optional<String> paused) {
    if (halted.isPresent()) {
      return new NodeHealth(State.HALTED, halted);
    }
    if (paused.isPresent()) {
      return new NodeHealth(State.PAUSED, paused);
    }
    return new NodeHealth(State.OK, Optional.empty());
  }
}
