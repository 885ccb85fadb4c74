package io.forkless.host.loader;

import io.forkless.api.BlockContext;
import io.forkless.api.MigrationContext;
import io.forkless.api.Receipt;
import io.forkless.api.Runtime;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.State;
import io.forkless.api.StateMigration;
import io.forkless.api.StateView;
import io.forkless.api.SteppedMigration;
import io.forkless.api.TransactionValidity;
import io.forkless.host.state.HostNamespace;
import java.util.Map;
import java.util.Optional;

/**
 * The host's handles on loaded code: every state a runtime or migration is given passes through
 * {@link HostNamespace#guard} here, so no caller can hand untrusted code the raw state (the host's
 * records hidden and unwritable). Guarding twice is harmless.
 */
final class GuardedCode {

  private GuardedCode() {}

  /** A runtime whose every state argument is guarded. */
  record GuardedRuntime(Runtime inner) implements Runtime {
    @Override
    public RuntimeVersion version() {
      return inner.version();
    }

    @Override
    public int stateLayoutVersion() {
      return inner.stateLayoutVersion();
    }

    @Override
    public void initGenesis(State state, Map<String, Object> genesis) {
      inner.initGenesis(HostNamespace.guard(state), genesis);
    }

    @Override
    public Receipt apply(State state, BlockContext block, byte[] transaction) {
      return inner.apply(HostNamespace.guard(state), block, transaction);
    }

    // validate and query are default methods: forwarded explicitly, or the wrapper would answer
    // with the defaults instead of the runtime.
    @Override
    public TransactionValidity validate(StateView state, BlockContext block, byte[] transaction) {
      return inner.validate(HostNamespace.guard(state), block, transaction);
    }

    @Override
    public byte[] query(StateView state, byte[] request) {
      return inner.query(HostNamespace.guard(state), request);
    }

    @Override
    public Map<String, String> invariants(StateView state) {
      return inner.invariants(HostNamespace.guard(state));
    }
  }

  /** A migration whose every state argument is guarded. */
  record GuardedMigration(StateMigration inner) implements StateMigration {
    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public void migrate(State state, MigrationContext context) {
      inner.migrate(HostNamespace.guard(state), context);
    }

    @Override
    public void validate(StateView before, StateView after) {
      inner.validate(HostNamespace.guard(before), HostNamespace.guard(after));
    }
  }

  /** The handle a migration gets: stepped migrations stay stepped. */
  static StateMigration guard(StateMigration migration) {
    return migration instanceof SteppedMigration stepped
        ? new GuardedSteppedMigration(stepped)
        : new GuardedMigration(migration);
  }

  /** A stepped migration whose every state argument is guarded. */
  record GuardedSteppedMigration(SteppedMigration inner) implements SteppedMigration {
    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public Optional<byte[]> step(State state, Optional<byte[]> cursor, MigrationContext context) {
      return inner.step(HostNamespace.guard(state), cursor, context);
    }

    @Override
    public void migrate(State state, MigrationContext context) {
      inner.migrate(HostNamespace.guard(state), context);
    }

    @Override
    public void validate(StateView before, StateView after) {
      inner.validate(HostNamespace.guard(before), HostNamespace.guard(after));
    }

    @Override
    public Optional<byte[]> validateStep(
        StateView before, StateView after, Optional<byte[]> cursor, MigrationContext context) {
      return inner.validateStep(
          HostNamespace.guard(before), HostNamespace.guard(after), cursor, context);
    }
  }
}
