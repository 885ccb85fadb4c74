package io.forkless.api;

import java.util.Map;

/**
 * A blockchain runtime: the state-transition function the host swaps during an upgrade.
 *
 * <p>A runtime JAR registers exactly one implementation in {@code
 * META-INF/services/io.forkless.api.Runtime} and declares its version in the manifest attribute
 * {@code Forkless-Runtime-Version}; the two must agree. Implementations must be deterministic: the
 * host's bytecode verifier refuses clocks, randomness, threads, I/O and reflection. They need a
 * public no-argument constructor and must not keep state outside the {@link State} they are given.
 */
public interface Runtime {

  /** This runtime's version; equal to the version its JAR's manifest declares. */
  RuntimeVersion version();

  /**
   * The version of the state layout this runtime reads and writes. An upgrade to a runtime with a
   * different layout version needs a migration plan; the host refuses it otherwise.
   */
  int stateLayoutVersion();

  /**
   * Writes the genesis state: {@code balances} maps account names to their initial balance.
   *
   * @throws IllegalArgumentException if an account name or balance is not acceptable to the runtime
   */
  void initGenesis(State state, Map<String, Long> balances);

  /**
   * Applies one transaction. Returns a rejection (never throws) for malformed or invalid
   * transactions; the host discards the writes of a rejected transaction. A runtime that throws
   * gets a failed receipt from the host and the block goes on.
   */
  Receipt apply(State state, BlockContext block, byte[] transaction);

  /**
   * Values that no migration may change, by name (e.g. {@code "totalSupply" -> "1000000"}). After a
   * migration the host compares the old runtime's invariants on the old state with the new
   * runtime's invariants on the new state, for every name both report.
   */
  Map<String, String> invariants(StateView state);
}
