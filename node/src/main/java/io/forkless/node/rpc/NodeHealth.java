package io.forkless.node.rpc;

import io.forkless.host.ForklessHost;
import io.forkless.host.upgrade.WarmUpFailure;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether the node is producing: ok, paused (on purpose: governance, a migration or the operator;
 * still healthy) or halted (a local failure stops production: unhealthy). A halt wins over a pause.
 *
 * <p>Warnings are failures that do not stop production (a staged runtime that failed its warm-up
 * with an error): the node stays ok, and the warnings say what the operator should look at.
 *
 * @param reason why it is paused or halted; empty when ok
 * @param warnings failures that do not stop production, in operator terms
 */
public record NodeHealth(State state, Optional<String> reason, List<String> warnings) {

  public NodeHealth {
    warnings = List.copyOf(warnings);
  }

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
    return of(host.producer().haltedReason(), host.pausedReason()).withWarnings(warnings(host));
  }

  /** The failures of {@code host} that do not stop production. */
  public static List<String> warnings(ForklessHost host) {
    return host.coordinator().warmUpFailure().map(WarmUpFailure::describe).stream().toList();
  }

  /** This state with {@code more} warnings. */
  public NodeHealth withWarnings(List<String> more) {
    return new NodeHealth(state, reason, more);
  }

  /** The state from a halt alert and a pause reason. */
  public static NodeHealth of(Optional<String> halted, Optional<String> paused) {
    if (halted.isPresent()) {
      return new NodeHealth(State.HALTED, halted, List.of());
    }
    if (paused.isPresent()) {
      return new NodeHealth(State.PAUSED, paused, List.of());
    }
    return new NodeHealth(State.OK, Optional.empty(), List.of());
  }
}
