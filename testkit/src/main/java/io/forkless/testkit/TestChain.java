package io.forkless.testkit;

import com.google.common.hash.HashCode;
import io.forkless.api.MigrationPlan;
import io.forkless.api.Receipt;
import io.forkless.api.RuntimeVersion;
import io.forkless.api.StateView;
import io.forkless.api.TransactionValidity;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.ExecutedBlock;
import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.chain.RuntimeBinding;
import io.forkless.host.chain.Transaction;
import io.forkless.host.chain.TxReceipt;
import io.forkless.host.loader.LoadedMigrationPlugin;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.migration.StateMigrator;
import io.forkless.host.state.HostNamespace;
import io.forkless.host.state.MemoryStateStore;
import io.forkless.host.upgrade.UpgradeRefusedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A chain in memory running a signed runtime JAR exactly as a node would: the JAR is verified and
 * loaded by the node's verifier and loader, genesis and blocks execute through the node's own block
 * execution (each transaction on its own overlay, a failing one leaves no writes, the state root
 * and block hashes computed as on a node), and {@link #upgrade} rehearses a runtime upgrade with
 * the node's checks. Block timestamps are fixed (genesis at {@link #DEFAULT_GENESIS_TIME}, then one
 * second per block), so two chains given the same transactions produce the same blocks.
 *
 * <pre>{@code
 * try (TestChain chain = TestChain.builder().runtime(jar).account("alice", 1_000).start()) {
 *   List<Receipt> receipts = chain.block(chain.tx("alice", "transfer bob 100"));
 *   assertThat(chain.invariants()).containsEntry("totalSupply", "1000");
 * }
 * }</pre>
 *
 * <p>Not thread-safe. Close it to release the loaded runtimes and plugins.
 */
public final class TestChain implements AutoCloseable {

  /** Genesis time of a test chain unless the builder says otherwise. */
  public static final Instant DEFAULT_GENESIS_TIME = Instant.parse("2026-01-01T00:00:00Z");

  /** Milliseconds between two blocks of a test chain. */
  public static final long BLOCK_INTERVAL_MILLIS = 1000;

  private final KitLoader loader;
  private final MemoryStateStore store = MemoryStateStore.create();
  private final Map<HashCode, LoadedRuntime> runtimes = new HashMap<>();
  private final UpgradeHook upgrades = new UpgradeHook(TestChain::binding);
  private final Chain chain;
  private final String chainId;
  private final Map<String, TestAccount> accounts = new HashMap<>();
  private final Map<String, Long> nonces = new HashMap<>();

  private TestChain(Builder b) {
    this.loader = new KitLoader(b.signers);
    this.chainId = b.chainId;
    try {
      LoadedRuntime genesis = load(Objects.requireNonNull(b.runtime, "runtime(jar) is required"));
      this.chain =
          Chain.open(
              store,
              new GenesisConfig(
                  b.chainId, b.genesisTime.toEpochMilli(), b.genesis(), genesis.codeHash()),
              this::bindingOf,
              upgrades);
    } catch (RuntimeException e) {
      loader.close();
      throw e;
    }
  }

  /** A builder: set at least {@link Builder#runtime}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Executes one block with these transactions as UTF-8 text (for a runtime that reads unsigned
   * text; the sample runtimes and the archetype's read signed envelopes: use {@link
   * #block(byte[]...)} with {@link #tx}) and returns their receipts in order.
   *
   * @throws IllegalArgumentException if a transaction is empty, repeated, or already in an earlier
   *     block (the chain never runs a transaction twice: make it unique, e.g. with a {@code #tag}
   *     word the sample runtimes ignore)
   */
  public List<Receipt> block(String... transactions) {
    List<byte[]> bytes = new ArrayList<>();
    for (String tx : transactions) {
      bytes.add(tx.getBytes(StandardCharsets.UTF_8));
    }
    return blockOf(bytes);
  }

  /**
   * Executes one block with these transactions, e.g. from {@link #tx}, and returns their receipts
   * in order. A receipt that failed after the runtime authenticated its sender ({@link
   * Receipt#failed}, whose nonce write the block kept) reads as {@code success() == false} like a
   * rejection: a block records success and message only.
   *
   * @throws IllegalArgumentException if a transaction is empty, repeated, or already in an earlier
   *     block
   */
  public List<Receipt> block(byte[]... transactions) {
    return blockOf(List.of(transactions));
  }

  /**
   * {@code call} signed by the dev account {@code account} (see {@link TestAccount#dev}) for this
   * chain, with that account's next nonce: the kit counts one nonce per transaction it signed for
   * the account (starting at 0), which matches the runtime as long as each such transaction is
   * included and consumes its nonce (the sample runtimes and the archetype's consume it even when
   * the call fails after authentication, not when the transaction is refused). Otherwise give the
   * nonce: {@link #tx(String, long, String)}.
   */
  public byte[] tx(String account, String call) {
    return tx(account, nonces.getOrDefault(account, 0L), call);
  }

  /**
   * {@code call} signed by the dev account {@code account} with {@code nonce}; the account's next
   * nonce for {@link #tx(String, String)} becomes at least {@code nonce + 1}.
   */
  public byte[] tx(String account, long nonce, String call) {
    nonces.merge(account, nonce + 1, Math::max);
    return account(account).sign(chainId, nonce, call);
  }

  /**
   * The dev account {@code name} ({@link TestAccount#dev}), to sign by hand: for another chain, a
   * forged or replayed transaction.
   */
  public TestAccount account(String name) {
    return accounts.computeIfAbsent(name, TestAccount::dev);
  }

  /** The chain id recorded in every header, which signed transactions bind. */
  public String chainId() {
    return chainId;
  }

  /**
   * What a node's mempool would say of {@code transaction} now: the active runtime's {@code
   * validate} against the committed state and the next block's context, an exception counting as
   * invalid, as on a node. Changes nothing.
   */
  public TransactionValidity validate(byte[] transaction) {
    return chain.validateRuntimeTransaction(transaction);
  }

  /**
   * The active runtime's answer to a query on the committed state, as {@code forkless_query} asks
   * it ({@code request} as US-ASCII, the answer decoded as UTF-8), e.g. {@code "account alice"} for
   * the sample runtimes and the archetype's.
   *
   * @throws IllegalArgumentException the runtime's refusal of the request
   */
  public String query(String request) {
    byte[] answer =
        chain.activeRuntime().runtime().query(state(), request.getBytes(StandardCharsets.US_ASCII));
    return new String(answer, StandardCharsets.UTF_8);
  }

  /** {@link #block(byte[]...)} with a list, e.g. built in a loop. */
  public List<Receipt> blockOf(List<byte[]> transactions) {
    List<Transaction> txs = new ArrayList<>();
    Map<HashCode, Integer> seen = new LinkedHashMap<>();
    for (byte[] payload : transactions) {
      Transaction tx = Transaction.runtime(payload);
      if (seen.put(tx.hash(), txs.size()) != null || chain.transactionIncluded(tx.hash())) {
        throw new IllegalArgumentException(
            describe(payload)
                + " is repeated or already included: a chain never runs a transaction twice,"
                + " so make it unique (sign it with the next nonce, as tx(account, call) does,"
                + " or add a last word \"#1\")");
      }
      txs.add(tx);
    }
    ExecutedBlock executed = chain.produceBlock(txs, nextTimestamp());
    List<Receipt> receipts = new ArrayList<>();
    for (TxReceipt r : executed.receipts()) {
      receipts.add(r.success() ? Receipt.ok(r.message()) : Receipt.rejected(r.message()));
    }
    return List.copyOf(receipts);
  }

  /**
   * Rehearses an upgrade to {@code runtimeJar} in the next block, as a node activates an approved
   * one: the JARs are verified and loaded, the plan runs every migration of each plugin in the
   * order given (as {@code forkless propose --migration} builds it), then the invariant and
   * post-upgrade checks run. The activation block holds no transactions.
   *
   * @throws UpgradeFailedException naming the reason; the chain is unchanged and keeps its runtime
   * @throws io.forkless.host.loader.RuntimeRejectedException if a node would refuse a JAR
   */
  public UpgradeReport upgrade(Path runtimeJar, Path... migrationPlugins) {
    LoadedRuntime from = active();
    LoadedRuntime to = load(runtimeJar);
    StateMigrator migrator = new StateMigrator();
    List<String> names = new ArrayList<>();
    for (Path jar : migrationPlugins) {
      LoadedMigrationPlugin plugin = loader.plugin(jar);
      plugin.migrations().values().forEach(migrator::registerMigration);
      names.addAll(plugin.migrations().keySet());
    }
    Optional<MigrationPlan> plan =
        migrationPlugins.length == 0
            ? Optional.empty()
            : Optional.of(new MigrationPlan(from.version(), to.version(), names, 0, false));
    try {
      upgrades.schedule(new UpgradeHook.Pending(from, to, plan, migrator));
    } catch (UpgradeRefusedException e) {
      throw new UpgradeFailedException(e.getMessage(), e);
    }
    String rootBefore = stateRoot();
    ExecutedBlock executed = chain.produceBlock(List.of(), nextTimestamp());
    UpgradeHook.Activated a =
        upgrades
            .takeActivation()
            .orElseThrow(() -> new IllegalStateException("the upgrade block did not activate it"));
    return new UpgradeReport(
        from.version(),
        to.version(),
        executed.block().height(),
        a.reports().stream()
            .map(r -> new UpgradeReport.Migration(r.name(), r.keysWritten()))
            .toList(),
        a.invariantsBefore(),
        a.invariantsAfter(),
        rootBefore,
        executed.block().header().stateRoot().toString());
  }

  /** The active runtime's version. */
  public RuntimeVersion runtimeVersion() {
    return chain.activeRuntime().version();
  }

  /** The head block's height (genesis is 0). */
  public long height() {
    return chain.head().height();
  }

  /** The state root after the head block, as hex: equal on every node with equal state. */
  public String stateRoot() {
    return chain.stateRoot().toString();
  }

  /** The head block's hash, as hex: it commits to every block and state root before it. */
  public String headHash() {
    return chain.head().hash().toString();
  }

  /** Every block's hash from genesis to the head, as hex. */
  public List<String> blockHashes() {
    List<String> hashes = new ArrayList<>();
    for (long h = 0; h <= height(); h++) {
      hashes.add(chain.block(h).map(Block::hash).map(HashCode::toString).orElseThrow());
    }
    return hashes;
  }

  /** The committed state as the runtime sees it (host keys hidden), read-only. */
  public StateView state() {
    return HostNamespace.guard(StateMigrator.readOnlyView(chain.state()));
  }

  /** The active runtime's invariants on the committed state. */
  public Map<String, String> invariants() {
    return Map.copyOf(chain.activeRuntime().runtime().invariants(state()));
  }

  @Override
  public void close() {
    store.close();
    loader.close();
  }

  private LoadedRuntime load(Path jar) {
    LoadedRuntime runtime = loader.runtime(jar);
    runtimes.put(runtime.codeHash(), runtime);
    return runtime;
  }

  private LoadedRuntime active() {
    return Objects.requireNonNull(runtimes.get(chain.activeRuntime().codeHash()));
  }

  private RuntimeBinding bindingOf(HashCode codeHash) {
    LoadedRuntime runtime = runtimes.get(codeHash);
    if (runtime == null) {
      throw new IllegalStateException("no loaded runtime has code hash " + codeHash);
    }
    return binding(runtime);
  }

  private static RuntimeBinding binding(LoadedRuntime runtime) {
    return new RuntimeBinding(runtime.runtime(), runtime.version(), runtime.codeHash());
  }

  private static String describe(byte[] payload) {
    for (byte b : payload) {
      if (b < 0x20 || b > 0x7e) {
        return "transaction "
            + Transaction.runtime(payload).hash()
            + " ("
            + payload.length
            + " bytes)";
      }
    }
    return "transaction \"" + new String(payload, StandardCharsets.US_ASCII) + "\"";
  }

  private long nextTimestamp() {
    return chain.head().header().timestampMillis() + BLOCK_INTERVAL_MILLIS;
  }

  /** How to start a {@link TestChain}. */
  public static final class Builder {
    private @Nullable Path runtime;
    private Signers signers = Signers.devCa();
    private final Map<String, Long> balances = new LinkedHashMap<>();
    private final Map<String, Object> genesis = new LinkedHashMap<>();
    private String chainId = "forkless-test";
    private Instant genesisTime = DEFAULT_GENESIS_TIME;

    private Builder() {}

    /** The genesis runtime: a signed runtime JAR. Required. */
    public Builder runtime(Path jar) {
      this.runtime = jar;
      return this;
    }

    /** Whose signatures the chain accepts. Default: {@link Signers#devCa()}. */
    public Builder signers(Signers signers) {
      this.signers = signers;
      return this;
    }

    /**
     * A genesis account: the dev account {@code name} ({@link TestAccount#dev}) with {@code
     * balance}. The runtime's {@code initGenesis} receives them as {@code accounts = [{name,
     * public_key, balance}, …]}, in the order added, as a node's {@code [genesis.runtime]} table
     * gives them.
     */
    public Builder account(String name, long balance) {
      balances.put(name, balance);
      return this;
    }

    /**
     * An entry of the runtime's genesis table as {@code [genesis.runtime]} in a node's config gives
     * it: values are {@code String}, {@code Long}, {@code Boolean}, {@code List<Object>} or {@code
     * Map<String, Object>}, e.g. {@code genesis("accounts", List.of(Map.of("public_key", hex,
     * "balance", 10L)))} for an account that is not a dev account. A later value for the same key
     * replaces the earlier one.
     *
     * @throws IllegalStateException at {@link #start} when {@code accounts} is given here and by
     *     {@link #account} too
     */
    public Builder genesis(String key, Object value) {
      genesis.put(key, value);
      return this;
    }

    private Map<String, Object> genesis() {
      Map<String, Object> table = new LinkedHashMap<>(genesis);
      if (!balances.isEmpty()) {
        if (genesis.containsKey("accounts")) {
          throw new IllegalStateException(
              "genesis(\"accounts\", …) and account(…) both set the accounts: use one of them");
        }
        List<Object> entries = new ArrayList<>();
        balances.forEach(
            (name, balance) ->
                entries.add(
                    Map.of(
                        "name",
                        name,
                        "public_key",
                        TestAccount.dev(name).publicKeyHex(),
                        "balance",
                        balance)));
        table.put("accounts", List.copyOf(entries));
      }
      return table;
    }

    /** The chain id recorded in every header. Default: {@code forkless-test}. */
    public Builder chainId(String chainId) {
      this.chainId = chainId;
      return this;
    }

    /** The genesis block's timestamp. Default: {@link #DEFAULT_GENESIS_TIME}. */
    public Builder genesisTime(Instant time) {
      this.genesisTime = time;
      return this;
    }

    /**
     * Verifies and loads the runtime, and writes the genesis block.
     *
     * @throws io.forkless.host.loader.RuntimeRejectedException if a node would refuse the JAR
     * @throws IllegalArgumentException if the runtime refuses its genesis section (its message
     *     names the entry)
     */
    public TestChain start() {
      return new TestChain(this);
    }
  }
}
