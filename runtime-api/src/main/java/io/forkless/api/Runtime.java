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
   * Writes the genesis state from this runtime's own genesis section: the node config's {@code
   * [genesis.runtime]} table, whose meaning only the runtime knows.
   *
   * <p>The section is immutable data in TOML's shape: a {@code Map<String, Object>} whose values
   * are {@code String}, {@code Long}, {@code Boolean}, {@code List<Object>} or {@code Map<String,
   * Object>} (recursively the same types). Maps iterate in ascending key order, so genesis writes
   * happen in the same order on every node.
   *
   * @throws IllegalArgumentException naming the offending entry if the section is not acceptable to
   *     the runtime
   */
  void initGenesis(State state, Map<String, Object> genesis);

  /**
   * Applies one transaction. Returns a rejection (never throws) for malformed or invalid
   * transactions; the host discards the writes of a rejected transaction. A runtime that throws
   * gets a failed receipt from the host and the block goes on.
   */
  Receipt apply(State state, BlockContext block, byte[] transaction);

  /**
   * Checks a transaction against {@code state} before the mempool admits it (signature, chain id,
   * nonce, account) without writing anything, and tells the mempool its sender and nonce. {@code
   * block} describes the next block. Never throws for bad input: returns {@link
   * TransactionValidity#invalid}. The host still calls {@link #apply}, which must check again.
   *
   * <p>The default admits every transaction unordered (arrival order), as before nonces existed.
   */
  default TransactionValidity validate(StateView state, BlockContext block, byte[] transaction) {
    return TransactionValidity.unordered();
  }

  /**
   * Answers a read-only query about {@code state} (e.g. an account's balance and nonce); the
   * request and answer formats are the runtime's own (docs/state-encoding.md for the samples).
   * Queries never change state and never go through a block.
   *
   * <p>The default answers no query.
   *
   * @throws IllegalArgumentException with a readable reason when the request is malformed or names
   *     nothing this runtime knows
   */
  default byte[] query(StateView state, byte[] request) {
    throw new IllegalArgumentException("runtime " + version() + " answers no queries");
  }

  /**
   * Values that no migration may change, by name (e.g. {@code "totalSupply" -> "1000000"}). After a
   * migration the host compares the old runtime's invariants on the old state with the new
   * runtime's invariants on the new state, for every name both report.
   */
  Map<String, String> invariants(StateView state);
}
