package io.forkless.host.migration;

/** Receives {@link MigrationEvent}s on the block thread: keep it cheap, never throw. */
@FunctionalInterface
public interface MigrationListener {

  /** Ignores every event. */
  MigrationListener NONE = event -> {};

  void onEvent(MigrationEvent event);
}
