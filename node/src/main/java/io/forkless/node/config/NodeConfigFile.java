package io.forkless.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.hash.HashCode;
import io.forkless.host.ForklessException;
import io.forkless.host.chain.GenesisConfig;
import io.forkless.host.governance.Ed25519;
import io.forkless.host.governance.Validator;
import io.forkless.host.governance.ValidatorSet;
import io.forkless.host.metering.MeteringLimits;
import io.forkless.host.metering.MeteringParameters;
import io.forkless.host.migration.MigrationParameters;
import io.forkless.host.migration.StepBudget;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads a node's TOML config file strictly: an unknown table or key, a value of the wrong type or
 * out of range is an error that names the file and the key. See {@code forkless.example.toml}.
 */
public final class NodeConfigFile {

  private static final Set<String> SECTIONS =
      Set.of("node", "rpc", "genesis", "upgrade", "cluster", "validator");
  // [cluster] (a validator network, #15) is read by io.forkless.node.cluster.ClusterConfigToml.
  private static final Set<String> NODE_KEYS =
      Set.of("data_dir", "plugins_dir", "block_time_ms", "trust_store", "trust_store_password");
  private static final Set<String> RPC_KEYS =
      Set.of(
          "addr", "max_batch_calls", "max_request_bytes", "max_response_bytes", "allow_external");
  private static final Set<String> GENESIS_KEYS =
      Set.of(
          "chain_id",
          "timestamp",
          "runtime_code_hash",
          "runtime",
          "validators",
          "metering",
          "code",
          "migration");
  // [validator]: the key this node files pre-check verdicts with (#14).
  private static final Set<String> VALIDATOR_TABLE_KEYS = Set.of("key_file");
  private static final Set<String> METERING_KEYS =
      Set.of(
          "tx_steps",
          "block_steps",
          "max_call_depth",
          "tx_memory_bytes",
          "load_steps",
          "migration_steps");
  private static final Set<String> VALIDATOR_KEYS = Set.of("name", "public_key", "stake");
  private static final Set<String> MIGRATION_KEYS = Set.of("keys_per_block");

  private final String source;
  private final Path baseDir;

  private NodeConfigFile(Path file) {
    this.source = file.toString();
    Path parent = file.toAbsolutePath().getParent();
    this.baseDir = parent == null ? Path.of(".") : parent;
  }

  /**
   * Parses {@code file}. Relative paths in it are resolved against the file's folder.
   *
   * @throws ForklessException naming the file and the key when the file cannot be read, is not
   *     TOML, or holds an unknown key or a bad value
   */
  public static NodeConfig read(Path file) {
    JsonNode root = ConfigFiles.readToml(file);
    return new NodeConfigFile(file).parse(root);
  }

  private NodeConfig parse(JsonNode root) {
    checkKeys(root, "", SECTIONS);
    JsonNode node = table(root, "node");
    JsonNode rpc = table(root, "rpc");
    JsonNode genesis = table(root, "genesis");
    JsonNode validator = table(root, "validator");
    checkKeys(node, "node.", NODE_KEYS);
    checkKeys(validator, "validator.", VALIDATOR_TABLE_KEYS);
    checkKeys(rpc, "rpc.", RPC_KEYS);
    OptionalLong blockTime = optionalLong(node, "node.", "block_time_ms");
    if (blockTime.isPresent() && blockTime.getAsLong() < 1) {
      throw error("node.block_time_ms must be at least 1 but was " + blockTime.getAsLong());
    }
    Optional<String> addr = text(rpc, "rpc.", "addr");
    addr.ifPresent(a -> RpcAddress.parse(a, source + ": rpc.addr"));
    JsonNode upgrade = root.get("upgrade");
    return new NodeConfig(
        text(node, "node.", "data_dir").map(this::path),
        text(node, "node.", "plugins_dir").map(this::path),
        blockTime,
        text(node, "node.", "trust_store").map(this::path),
        text(node, "node.", "trust_store_password"),
        addr,
        genesis.isEmpty() && !root.has("genesis")
            ? Optional.empty()
            : Optional.of(genesis(genesis)),
        upgrade == null
            ? Optional.empty()
            : Optional.of(UpgradeConfigToml.fromNode(upgrade, source)),
        rpcLimits(rpc),
        text(validator, "validator.", "key_file").map(this::path));
  }

  private RpcLimits rpcLimits(JsonNode rpc) {
    RpcLimits d = RpcLimits.defaults();
    JsonNode external = rpc.get("allow_external");
    if (external != null && !external.isBoolean()) {
      throw error("rpc.allow_external must be true or false but was " + external);
    }
    try {
      return new RpcLimits(
          (int) boundedInt(rpc, "max_batch_calls", d.maxBatchCalls()),
          (int) boundedInt(rpc, "max_request_bytes", d.maxRequestBytes()),
          (int) boundedInt(rpc, "max_response_bytes", d.maxResponseBytes()),
          external != null && external.booleanValue()
              ? RpcLimits.Exposure.EXTERNAL_ALLOWED
              : RpcLimits.Exposure.LOOPBACK_ONLY);
    } catch (IllegalArgumentException e) {
      throw error("rpc." + e.getMessage());
    }
  }

  private long boundedInt(JsonNode table, String key, int fallback) {
    OptionalLong v = optionalLong(table, "rpc.", key);
    if (v.isPresent() && (v.getAsLong() < 1 || v.getAsLong() > Integer.MAX_VALUE)) {
      throw error("rpc." + key + " must be 1.." + Integer.MAX_VALUE + " but was " + v.getAsLong());
    }
    return v.orElse(fallback);
  }

  private NodeConfig.Genesis genesis(JsonNode g) {
    checkKeys(g, "genesis.", GENESIS_KEYS);
    String chainId = required(text(g, "genesis.", "chain_id"), "genesis.chain_id");
    long timestamp =
        timestamp(required(Optional.ofNullable(g.get("timestamp")), "genesis.timestamp"));
    String hashText =
        required(text(g, "genesis.", "runtime_code_hash"), "genesis.runtime_code_hash");
    if (!hashText.matches("[0-9a-f]{64}")) {
      throw error(
          "genesis.runtime_code_hash must be 64 lowercase hex characters (a SHA-256) but was \""
              + hashText
              + "\"");
    }
    JsonNode r = g.get("runtime");
    if (r != null && !r.isObject()) {
      throw error("[genesis.runtime] must be a table (the genesis runtime's own section)");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> runtime =
        r == null ? Map.of() : (Map<String, Object>) plain(r, "genesis.runtime");
    return new NodeConfig.Genesis(
        new GenesisConfig(chainId, timestamp, runtime, HashCode.fromString(hashText)),
        validators(g.get("validators")),
        metering(g.get("metering")),
        g.has("code") ? Optional.of(CodeConfigToml.read(g.get("code"), source)) : Optional.empty(),
        migration(g.get("migration")));
  }

  /**
   * {@code [genesis.migration]}: {@code keys_per_block}, a multi-block migration's share of each
   * block (the chain parameter {@code migration}; absent: {@link StepBudget#DEFAULT}); governance
   * changes it later ({@code forkless param set migration.keysPerBlock=N}).
   */
  private Optional<StepBudget> migration(@Nullable JsonNode m) {
    if (m == null) {
      return Optional.empty();
    }
    if (!m.isObject()) {
      throw error("genesis.migration must be a table");
    }
    checkKeys(m, "genesis.migration.", MIGRATION_KEYS);
    OptionalLong keys = optionalLong(m, "genesis.migration.", "keys_per_block");
    if (keys.isEmpty()) {
      return Optional.empty();
    }
    if (keys.getAsLong() < 1 || keys.getAsLong() > MigrationParameters.MAX_KEYS_PER_BLOCK) {
      throw error(
          "genesis.migration.keys_per_block must be 1.."
              + MigrationParameters.MAX_KEYS_PER_BLOCK
              + " (keys a multi-block migration may touch per block) but was "
              + keys.getAsLong());
    }
    return Optional.of(new StepBudget(keys.getAsLong()));
  }

  /**
   * {@code [genesis.metering]}: the chain's starting metering limits, each key optional (absent
   * keys keep {@link MeteringLimits#DEFAULT}'s value); governance changes them later.
   */
  private Optional<MeteringLimits> metering(@Nullable JsonNode m) {
    if (m == null) {
      return Optional.empty();
    }
    if (!m.isObject()) {
      throw error("genesis.metering must be a table");
    }
    checkKeys(m, "genesis.metering.", METERING_KEYS);
    MeteringLimits d = MeteringLimits.DEFAULT;
    MeteringLimits limits;
    try {
      limits =
          new MeteringLimits(
              meteringValue(m, "tx_steps", d.txSteps()),
              meteringValue(m, "block_steps", d.blockSteps()),
              Math.toIntExact(meteringValue(m, "max_call_depth", d.maxCallDepth())),
              meteringValue(m, "tx_memory_bytes", d.txMemoryBytes()),
              meteringValue(m, "load_steps", d.loadSteps()),
              meteringValue(m, "migration_steps", d.migrationSteps()));
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw error("genesis.metering: " + e.getMessage());
    }
    Optional<String> problem = MeteringParameters.problem(limits);
    if (problem.isPresent()) {
      throw error("genesis.metering: " + problem.get());
    }
    return Optional.of(limits);
  }

  private long meteringValue(JsonNode m, String key, long fallback) {
    OptionalLong v = optionalLong(m, "genesis.metering.", key);
    return v.isPresent() ? v.getAsLong() : fallback;
  }

  /** A TOML value as the runtime API's plain data: String, Long, Boolean, List, Map. */
  private Object plain(JsonNode v, String where) {
    if (v.isObject()) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), plain(e.getValue(), where + "." + e.getKey()));
      }
      return out;
    }
    if (v.isArray()) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < v.size(); i++) {
        out.add(plain(v.get(i), where + "[" + i + "]"));
      }
      return out;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    throw error(where + " must be a string, whole number, boolean, array or table but was " + v);
  }

  private ValidatorSet validators(JsonNode array) {
    if (array == null || !array.isArray() || array.isEmpty()) {
      throw error(
          "genesis.validators must be a non-empty array of tables"
              + " ([[genesis.validators]] with name, public_key, stake)");
    }
    List<Validator> list = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonNode v = array.get(i);
      String prefix = "genesis.validators[" + i + "].";
      if (!v.isObject()) {
        throw error(prefix.substring(0, prefix.length() - 1) + " must be a table");
      }
      checkKeys(v, prefix, VALIDATOR_KEYS);
      String name = required(text(v, prefix, "name"), prefix + "name");
      String key = required(text(v, prefix, "public_key"), prefix + "public_key");
      long stake = required(optionalLong(v, prefix, "stake"), prefix + "stake");
      if (!key.matches("[0-9a-f]{64}")) {
        throw error(prefix + "public_key must be 64 lowercase hex characters (a raw Ed25519 key)");
      }
      try {
        list.add(new Validator(name, Ed25519.publicKey(HashCode.fromString(key).asBytes()), stake));
      } catch (IllegalArgumentException e) {
        throw error(prefix.substring(0, prefix.length() - 1) + ": " + e.getMessage());
      }
    }
    try {
      return ValidatorSet.of(list);
    } catch (IllegalArgumentException e) {
      throw error("genesis.validators: " + e.getMessage());
    }
  }

  private long timestamp(JsonNode value) {
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.longValue();
    }
    if (value.isTextual()) {
      try {
        return Instant.parse(value.textValue()).toEpochMilli();
      } catch (DateTimeParseException e) {
        // fall through to the error below
      }
    }
    throw error(
        "genesis.timestamp must be an RFC 3339 UTC time (e.g. \"2026-01-01T00:00:00Z\") or epoch"
            + " milliseconds but was "
            + value);
  }

  private Path path(String text) {
    return baseDir.resolve(text).normalize();
  }

  private JsonNode table(JsonNode root, String name) {
    JsonNode t = root.get(name);
    if (t == null) {
      return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }
    if (!t.isObject()) {
      throw error("[" + name + "] must be a table");
    }
    return t;
  }

  private void checkKeys(JsonNode table, String prefix, Set<String> known) {
    for (Iterator<String> names = table.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw error(
            "unknown key "
                + prefix
                + name
                + "; known keys are "
                + known.stream().sorted().map(k -> prefix + k).toList());
      }
    }
  }

  private Optional<String> text(JsonNode table, String prefix, String key) {
    JsonNode v = table.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw error(prefix + key + " must be a string but was " + v);
    }
    return Optional.of(v.textValue());
  }

  private OptionalLong optionalLong(JsonNode table, String prefix, String key) {
    JsonNode v = table.get(key);
    if (v == null) {
      return OptionalLong.empty();
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw error(prefix + key + " must be a whole number but was " + v);
    }
    return OptionalLong.of(v.longValue());
  }

  private <T> T required(Optional<T> value, String key) {
    return value.orElseThrow(() -> error(key + " is required"));
  }

  private long required(OptionalLong value, String key) {
    return value.orElseThrow(() -> error(key + " is required"));
  }

  private ForklessException error(String message) {
    return new ForklessException(source + ": " + message);
  }
}
