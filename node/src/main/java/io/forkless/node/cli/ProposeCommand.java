package io.forkless.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableMap;
import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.governance.GovernanceAction;
import io.forkless.host.governance.HashedMigrationPlan;
import io.forkless.host.governance.SignedGovernanceTx;
import io.forkless.host.loader.JarInspection;
import io.forkless.host.loader.LoadedMigrationPlugin;
import io.forkless.node.dev.DevChain;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code forkless propose --jar JAR [--migration PLUGIN_JAR …] --title T --key NAME}: proposes an
 * upgrade to the runtime in JAR. The version comes from the JAR's manifest, the plan's migrations
 * from each plugin (loaded through the host's verifier and loader, so a plugin the node would
 * refuse is refused here first), the plan's start from the node's active version.
 */
@Command(
    name = "propose",
    mixinStandardHelpOptions = true,
    description = {
      "Proposes an upgrade to the runtime in --jar, with a migration plan made of every migration"
          + " of each --migration plugin (in the order given), signed by the validator --key.",
      "Waits until a block includes the proposal, then uploads the runtime and plugin JARs the"
          + " chain lacks (in chunks, a block's worth at a time) and prints the proposal's id"
          + " (--json: {\"id\": N}). Run again with the same JARs to resume an interrupted"
          + " upload: an open proposal for the same code is not proposed twice.",
      "Default --activation-delay: the node's timelock from its status (timelockDelay) when it"
          + " reports one, else "
          + ProposeCommand.DEV_DEFAULT_DELAY
          + " blocks on a --dev node (the dev timelock) and "
          + ProposeCommand.DEFAULT_DELAY
          + " blocks (the seed's timelock_delay, ~7 days) otherwise."
    })
public final class ProposeCommand implements Callable<Integer> {

  static final long DEFAULT_DELAY = 100_800;
  static final long DEV_DEFAULT_DELAY = 5;

  private static final Pattern CREATED = Pattern.compile("proposal (\\d+) created");

  @Option(names = "--jar", paramLabel = "JAR", required = true, description = "The runtime JAR.")
  Path jar = Path.of("");

  @Option(
      names = "--migration",
      paramLabel = "PLUGIN_JAR",
      description = "A migration-plugin JAR whose migrations the upgrade runs (repeatable).")
  List<Path> migrations = new ArrayList<>();

  @Option(names = "--title", required = true, description = "The proposal's title.")
  String title = "";

  @Option(names = "--description", description = "The proposal's description.")
  String description = "";

  @Option(
      names = "--activation-delay",
      paramLabel = "BLOCKS",
      description = "Blocks between approval and activation (at least the node's timelock).")
  @Nullable Long activationDelay;

  @Option(
      names = "--estimated-duration",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description = "The migration plan's estimated duration (default: 0).")
  long estimatedDurationSecs;

  @Option(
      names = "--requires-pause",
      description = "The migration plan pauses block production while it runs.")
  boolean requiresPause;

  @Mixin Signers signers = new Signers();

  @Mixin TrustOptions trust = new TrustOptions();

  @Mixin RpcOptions rpc = new RpcOptions();

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    if (signers.names.size() != 1) {
      throw new CliException(
          "a proposal is signed by exactly one validator but got " + signers.names);
    }
    RpcClient client = rpc.client();
    JsonNode status = client.status();
    boolean dev = status.path("dev").asBoolean(false);
    RuntimeVersion from = version(RpcClient.text(status, "runtimeVersion"), "the node's runtime");
    RuntimeVersion to = declaredVersion(jar);
    if (!from.canUpgradeTo(to)) {
      throw new CliException(
          "the node runs "
              + from
              + ", which cannot upgrade to "
              + to
              + " (it must be newer and skip no major version)");
    }
    Optional<HashedMigrationPlan> plan = plan(from, to, dev);
    long delay = activationDelay != null ? activationDelay : defaultDelay(status, dev);
    JsonNode timelock = status.path("timelockDelay");
    if (timelock.canConvertToLong() && delay < timelock.asLong()) {
      throw new CliException(
          "--activation-delay "
              + delay
              + " is below the chain's timelock of "
              + timelock.asLong()
              + " blocks (see `forkless status`): governance would refuse it; pass at least "
              + timelock.asLong()
              + " or leave it out");
    }
    HashCode codeHash = sha256(jar);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    JsonNode pending = status.path("pendingUpgrade");
    long id;
    if (sameProposal(pending, codeHash, plan)) {
      // Resuming: the chain already has this proposal; only the upload may be unfinished.
      id = pending.path("id").asLong();
      err.println("proposal " + id + " already names this code; resuming its upload");
    } else {
      id = propose(status, client, to, codeHash, plan, delay);
    }
    uploadAll(client, err);
    if (rpc.json) {
      out.println(Json.write(Json.object().put("id", id)));
    } else {
      out.println(id);
    }
    out.flush();
    return 0;
  }

  /** Uploads the runtime and every plugin JAR the chain lacks (the proposal names them all). */
  private void uploadAll(RpcClient client, PrintWriter err) {
    List<Path> all = new ArrayList<>();
    all.add(jar);
    all.addAll(migrations);
    for (Path file : all) {
      CodeUploads.upload(client, file, rpc.timeout(), err);
    }
  }

  /** True when the open proposal is for exactly this code and plan (a resumed command). */
  private static boolean sameProposal(
      JsonNode pending, HashCode codeHash, Optional<HashedMigrationPlan> plan) {
    if (pending.isMissingNode() || pending.isNull()) {
      return false;
    }
    if (!codeHash.toString().equals(pending.path("codeHash").asText())) {
      return false;
    }
    List<String> theirs = new ArrayList<>();
    pending.path("migrations").forEach(m -> theirs.add(m.path("codeHash").asText()));
    List<String> ours = new ArrayList<>();
    plan.ifPresent(
        p -> p.plan().migrationNames().forEach(n -> ours.add(p.pluginHashes().get(n).toString())));
    return theirs.equals(ours);
  }

  private long propose(
      JsonNode status,
      RpcClient client,
      RuntimeVersion to,
      HashCode codeHash,
      Optional<HashedMigrationPlan> plan,
      long delay) {
    GovernanceAction.ProposeUpgrade proposal;
    try {
      proposal =
          new GovernanceAction.ProposeUpgrade(
              signers.first(),
              title,
              description,
              to,
              codeHash,
              plan,
              delay,
              System.currentTimeMillis());
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage(), e);
    }
    SignedGovernanceTx tx = GovernanceSubmission.sign(status, proposal, signers.resolve(status));
    JsonNode receipt = GovernanceSubmission.submitAndAwait(client, tx, rpc.timeout());
    String message = receipt.path("message").asText();
    Matcher m = CREATED.matcher(message);
    if (!m.find()) {
      throw new CliException("the proposal was included but its receipt names no id: " + message);
    }
    long id = Long.parseLong(m.group(1));
    if (!rpc.json) {
      spec.commandLine().getErr().println(message);
      spec.commandLine().getErr().flush();
    }
    return id;
  }

  private Optional<HashedMigrationPlan> plan(RuntimeVersion from, RuntimeVersion to, boolean dev) {
    if (migrations.isEmpty()) {
      return Optional.empty();
    }
    JarChecks checks = new JarChecks(trust.anchorsFor(dev));
    Map<String, HashCode> hashes = new LinkedHashMap<>();
    for (Path plugin : migrations) {
      try (LoadedMigrationPlugin loaded = checks.loadPlugin(plugin)) {
        for (String name : loaded.migrations().keySet()) {
          if (hashes.putIfAbsent(name, loaded.codeHash()) != null) {
            throw new CliException(
                "two plugins provide a migration named \"" + name + "\" (" + plugin + ")");
          }
        }
      }
    }
    try {
      return Optional.of(
          new HashedMigrationPlan(
              new MigrationPlan(
                  from, to, List.copyOf(hashes.keySet()), estimatedDurationSecs, requiresPause),
              ImmutableMap.copyOf(hashes)));
    } catch (IllegalArgumentException e) {
      throw new CliException("invalid migration plan: " + e.getMessage(), e);
    }
  }

  private static long defaultDelay(JsonNode status, boolean dev) {
    JsonNode timelock = status.path("timelockDelay");
    if (timelock.canConvertToLong()) {
      return timelock.asLong();
    }
    return dev ? DevChain.upgradeConfig().timelockDelay() : DEFAULT_DELAY;
  }

  /** The manifest's {@code Forkless-Runtime-Version} of a runtime JAR. */
  static RuntimeVersion declaredVersion(Path jar) {
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      java.util.jar.Manifest manifest = file.getManifest();
      String text =
          manifest == null
              ? null
              : manifest.getMainAttributes().getValue(JarInspection.VERSION_ATTRIBUTE);
      if (text == null) {
        throw new CliException(
            jar + " declares no " + JarInspection.VERSION_ATTRIBUTE + " in its manifest");
      }
      return version(text, jar.toString());
    } catch (IOException e) {
      throw new CliException("cannot read " + jar + ": " + e.getMessage(), e);
    }
  }

  static HashCode sha256(Path file) {
    try {
      return Hashing.sha256().hashBytes(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static RuntimeVersion version(String text, String whose) {
    try {
      return RuntimeVersion.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CliException(whose + " has no valid version: " + e.getMessage(), e);
    }
  }
}
