package io.forkless.node.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.primitives.Longs;
import io.forkless.api.MigrationPlan;
import io.forkless.host.ForklessException;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.BlockHeader;
import io.forkless.host.loader.LoadedMigrationPlugin;
import io.forkless.host.loader.LoadedRuntime;
import io.forkless.host.migration.StateMigrator;
import io.forkless.host.migration.StepBudget;
import io.forkless.host.state.RocksStateStore;
import io.forkless.host.state.StoreOptions;
import io.forkless.host.upgrade.FolderCodeRepository;
import io.forkless.host.upgrade.UpgradeRefusedException;
import io.forkless.host.upgrade.UpgradeValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code forkless migrate --dry-run}: Substrate's try-runtime, built in. Runs an upgrade's
 * migrations on a private copy of a stopped node's data folder ({@link DataFolderCopy}) and reports
 * what the activation block would do, without ever writing the live folder.
 */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Dry run of an upgrade on a copy of a node's data folder: runs the migrations of each"
          + " --migration plugin on the copy with a progress bar and reports, per migration, keys"
          + " changed, validate result and time; the runtimes' invariants before and after; and the"
          + " resulting state root. The live data folder is never changed.",
      "The node must be stopped (its data folder is locked while it runs); or copy the folder"
          + " while it is stopped and dry-run the copy. The active runtime's JAR is looked up by"
          + " code hash in --plugins-dir.",
      "Each migration runs block by block at --step-keys keys per block and the chain's share of"
          + " metered steps (75% of metering.blockSteps), whichever comes first, as the activation"
          + " runs a stepped migration (a plain migration takes one block); the report says how many"
          + " blocks it would take and its largest step. Then the whole plan runs a second time"
          + " from the same state: a migration that gives another root the second time is not"
          + " idempotent and fails the dry run.",
      "Exits 0 only when the upgrade would succeed."
    })
public final class MigrateCommand implements Callable<Integer> {

  private static final byte[] HEAD_KEY = "head".getBytes(StandardCharsets.US_ASCII);

  @Option(
      names = "--dry-run",
      required = true,
      description = "Required: the live state changes only through an approved upgrade.")
  boolean dryRun;

  @Option(names = "--jar", paramLabel = "JAR", required = true, description = "The new runtime.")
  Path jar = Path.of("");

  @Option(
      names = "--migration",
      paramLabel = "PLUGIN_JAR",
      description = "A migration plugin whose migrations run, in the order given (repeatable).")
  List<Path> migrations = new ArrayList<>();

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      required = true,
      description =
          "The (stopped) node's data folder, as given to `forkless node --data-dir` (its state"
              + " store DIR/state is used), or the state store folder itself.")
  Path dataDir = Path.of("data");

  @Option(
      names = "--plugins-dir",
      paramLabel = "DIR",
      description =
          "Where the active runtime's JAR is (default: DATA_DIR/plugins for a node's data folder,"
              + " as the node's own default; else ./plugins).")
  @org.jspecify.annotations.Nullable
  Path pluginsDir;

  @Option(
      names = "--step-keys",
      paramLabel = "KEYS",
      description =
          "A stepped migration's share of each block, in keys read or written (the chain's"
              + " migration step budget; default: the chain's, from its state).")
  @org.jspecify.annotations.Nullable
  Long stepKeys;

  @Option(names = "--json", description = "Print machine-readable JSON instead of text.")
  boolean json;

  @Mixin TrustOptions trust = new TrustOptions();

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() throws IOException {
    StepBudget chosen = null;
    try {
      chosen = stepKeys == null ? null : new StepBudget(stepKeys);
    } catch (IllegalArgumentException e) {
      throw new CliException("--step-keys: " + e.getMessage(), e);
    }
    JarChecks checks = new JarChecks(trust.anchors());
    // A node's data folder holds its store in DIR/state (NodeSettings.stateDir); accept both.
    boolean nodeFolder = Files.isDirectory(dataDir.resolve("state"));
    Path stateDir = nodeFolder ? dataDir.resolve("state") : dataDir;
    Path pluginsDir =
        this.pluginsDir != null
            ? this.pluginsDir
            : nodeFolder ? dataDir.resolve("plugins") : Path.of("plugins");
    Path copy = Files.createTempDirectory("forkless-dry-run-");
    List<AutoCloseable> open = new ArrayList<>();
    try {
      DataFolderCopy.copy(stateDir, copy.resolve("data"));
      RocksStateStore store = open(copy.resolve("data"));
      open.add(store);
      BlockHeader head = head(store);
      StepBudget budget =
          chosen != null
              ? chosen
              : io.forkless.host.migration.MigrationParameters.read(store.committed());
      Path activeJar =
          FolderCodeRepository.of(pluginsDir)
              .find(head.runtimeCodeHash())
              .orElseThrow(
                  () ->
                      new CliException(
                          "the active runtime "
                              + head.runtimeVersion()
                              + " (code hash "
                              + head.runtimeCodeHash()
                              + ") is not in --plugins-dir "
                              + pluginsDir
                              + ": its invariants are needed; point --plugins-dir at the node's"
                              + " plugins folder"));
      LoadedRuntime active = checks.loadRuntime(activeJar);
      open.add(active);
      LoadedRuntime next = checks.loadRuntime(jar);
      open.add(next);
      StateMigrator migrator = new StateMigrator();
      List<String> names = new ArrayList<>();
      for (Path plugin : migrations) {
        LoadedMigrationPlugin loaded = checks.loadPlugin(plugin);
        open.add(loaded);
        for (var m : loaded.migrations().values()) {
          try {
            migrator.registerMigration(m);
          } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage() + " (" + plugin + ")", e);
          }
          names.add(m.name());
        }
      }
      DryRun run =
          new DryRun(store, head, active, next, migrator, plan(active, next, names), budget);
      DryRun.Outcome outcome = run.execute(new ProgressBars(System.err));
      print(outcome);
      if (!outcome.succeeded()) {
        throw new CliException("the upgrade would fail: " + outcome.failure().orElse(""));
      }
      return 0;
    } finally {
      closeAll(open);
      DataFolderCopy.delete(copy);
    }
  }

  private static MigrationPlan plan(LoadedRuntime active, LoadedRuntime next, List<String> names) {
    try {
      new UpgradeValidator()
          .validateUpgrade(
              active,
              next.version(),
              next,
              names.isEmpty()
                  ? Optional.empty()
                  : Optional.of(
                      new MigrationPlan(active.version(), next.version(), names, 0, false)));
      return new MigrationPlan(active.version(), next.version(), names, 0, false);
    } catch (UpgradeRefusedException | IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
  }

  private static RocksStateStore open(Path folder) {
    try {
      return RocksStateStore.open(folder, StoreOptions.defaults());
    } catch (ForklessException e) {
      throw new CliException("cannot open the copy of the data folder: " + e.getMessage(), e);
    }
  }

  /** The head block's header, read through the chain records' documented key layout. */
  private static BlockHeader head(RocksStateStore store) {
    long height =
        store
            .chainGet(HEAD_KEY)
            .map(Longs::fromByteArray)
            .orElseThrow(
                () -> new CliException("the data folder holds no chain yet (no head block)"));
    byte[] key =
        ByteBuffer.allocate(3 + 8)
            .put("blk".getBytes(StandardCharsets.US_ASCII))
            .putLong(height)
            .array();
    byte[] block =
        store
            .chainGet(key)
            .orElseThrow(() -> new CliException("the head block " + height + " is not stored"));
    return Block.decode(block).header();
  }

  private void print(DryRun.Outcome o) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode root = Json.object();
      root.put("fromVersion", o.from());
      root.put("toVersion", o.to());
      root.put("height", o.height());
      root.put("stateRootBefore", o.rootBefore().toString());
      root.put("stateRootAfter", o.rootAfter().toString());
      ArrayNode list = root.putArray("migrations");
      for (DryRun.Step s : o.steps()) {
        ObjectNode m = list.addObject();
        m.put("name", s.name());
        m.put("succeeded", s.error().isEmpty());
        m.put("keysChanged", s.keysChanged());
        m.put("validate", s.error().isEmpty() ? "passed" : s.error().get());
        m.put("millis", s.duration().toMillis());
        m.put("blocks", s.blocks());
        m.put("largestStepKeys", s.largestStepKeys());
        m.put("largestStepMillis", s.largestStep().toMillis());
        m.put("stateRootAfter", s.rootAfter().toString());
      }
      root.set("invariantsBefore", RpcClient.mapper().valueToTree(o.invariantsBefore()));
      root.set("invariantsAfter", RpcClient.mapper().valueToTree(o.invariantsAfter()));
      root.put("stepBudgetKeys", o.budget().keysPerBlock());
      root.put("stepShareSteps", o.stepShare());
      if (o.idempotent().isPresent()) {
        root.put("idempotent", o.idempotent().get());
      }
      root.put("succeeded", o.succeeded());
      root.put("failure", o.failure().orElse(null));
      out.println(Json.write(root));
    } else {
      out.printf(
          "dry run of %s -> %s on a copy of %s at height %d (state root %s)%n",
          o.from(), o.to(), dataDir, o.height(), o.rootBefore());
      for (DryRun.Step s : o.steps()) {
        out.printf(
            "migration %s: %s, %d keys changed, %d ms, %d block%s at %d keys or %d metered steps"
                + " per block (largest step %d keys, %d ms), state root after %s%n",
            s.name(),
            s.error().map(e -> "FAILED: " + e).orElse("validate passed"),
            s.keysChanged(),
            s.duration().toMillis(),
            s.blocks(),
            s.blocks() == 1 ? "" : "s",
            o.budget().keysPerBlock(),
            o.stepShare(),
            s.largestStepKeys(),
            s.largestStep().toMillis(),
            s.rootAfter());
      }
      out.printf("invariants before (%s): %s%n", o.from(), format(o.invariantsBefore()));
      out.printf("invariants after  (%s): %s%n", o.to(), format(o.invariantsAfter()));
      out.printf("resulting state root: %s%n", o.rootAfter());
      o.idempotent()
          .ifPresent(
              same ->
                  out.println(
                      same
                          ? "idempotency: a second run of every migration from the same state gave"
                              + " the same roots"
                          : "idempotency: FAILED, a second run from the same state gave another"
                              + " root"));
      out.println(
          o.succeeded()
              ? "verdict: the upgrade would succeed"
              : "verdict: the upgrade would FAIL: " + o.failure().orElse(""));
      out.printf("the live data folder %s was not changed%n", dataDir);
    }
    out.flush();
  }

  private static String format(Map<String, String> invariants) {
    return invariants.isEmpty() ? "(none reported)" : invariants.toString();
  }

  private static void closeAll(List<AutoCloseable> open) {
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        throw new CliException("cannot close " + open.get(i) + ": " + e.getMessage(), e);
      }
    }
  }
}
