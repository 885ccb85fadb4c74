package io.forkless.node.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.forkless.cluster.ClusterConfig;
import io.forkless.host.ForklessException;
import io.forkless.host.governance.Ed25519;
import io.forkless.node.config.ConfigFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code [cluster]} table of a node's config file (docs/operators.md):
 *
 * <pre>
 * [cluster]
 * node_id = "alice"                       # this validator's name in the genesis validator set
 * validator_key_file = "alice.key"        # hex Ed25519 seed (relative to the config file)
 * storage_dir = "ratis"                   # optional; default DATA_DIR/ratis
 * snapshot_interval = 10000               # optional; log entries between snapshots
 * peers = [ { id = "alice", address = "10.0.0.1:9950" }, { id = "bob", address = "…" } ]
 * </pre>
 *
 * Strict like the rest of the file: an unknown key or a bad value names the file and the key.
 */
public final class ClusterConfigToml {

  private static final Set<String> KEYS =
      Set.of("node_id", "validator_key_file", "storage_dir", "snapshot_interval", "peers");
  private static final Set<String> PEER_KEYS = Set.of("id", "address");

  private ClusterConfigToml() {}

  /**
   * The {@code [cluster]} table of {@code file}, if it has one.
   *
   * @throws ForklessException naming the file and key when the table is wrong
   */
  public static Optional<ClusterConfig> read(Path file, Path dataDir) {
    JsonNode cluster = ConfigFiles.readToml(file).get("cluster");
    if (cluster == null) {
      return Optional.empty();
    }
    String source = file.toString();
    if (!cluster.isObject()) {
      throw new ForklessException(source + ": [cluster] must be a table");
    }
    for (Iterator<String> it = cluster.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw new ForklessException(
            source + ": unknown key cluster." + key + " (known: " + KEYS + ")");
      }
    }
    Path base = file.toAbsolutePath().getParent();
    String nodeId = required(cluster, source, "node_id");
    Path keyFile = base.resolve(required(cluster, source, "validator_key_file"));
    Path storage =
        cluster.has("storage_dir")
            ? base.resolve(cluster.get("storage_dir").asText())
            : dataDir.resolve("ratis");
    long snapshotInterval = ClusterConfig.DEFAULT_SNAPSHOT_INTERVAL;
    if (cluster.has("snapshot_interval")) {
      JsonNode v = cluster.get("snapshot_interval");
      if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 1) {
        throw new ForklessException(
            source + ": cluster.snapshot_interval must be a whole number >= 1 but was " + v);
      }
      snapshotInterval = v.asLong();
    }
    JsonNode peers = cluster.get("peers");
    if (peers == null || !peers.isArray() || peers.isEmpty()) {
      throw new ForklessException(
          source
              + ": cluster.peers must list every validator as { id = \"NAME\", address ="
              + " \"HOST:PORT\" }");
    }
    List<ClusterConfig.Peer> list = new ArrayList<>();
    for (int i = 0; i < peers.size(); i++) {
      JsonNode p = peers.get(i);
      String prefix = "cluster.peers[" + i + "].";
      if (!p.isObject()) {
        throw new ForklessException(source + ": " + prefix + " must be a table");
      }
      for (Iterator<String> it = p.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!PEER_KEYS.contains(key)) {
          throw new ForklessException(source + ": unknown key " + prefix + key);
        }
      }
      try {
        list.add(
            new ClusterConfig.Peer(
                required(p, source, prefix + "id", "id"),
                required(p, source, prefix + "address", "address")));
      } catch (IllegalArgumentException e) {
        throw new ForklessException(source + ": " + prefix + ": " + e.getMessage(), e);
      }
    }
    try {
      return Optional.of(
          new ClusterConfig(nodeId, readKey(source, keyFile), list, storage, snapshotInterval));
    } catch (IllegalArgumentException e) {
      throw new ForklessException(source + ": [cluster]: " + e.getMessage(), e);
    }
  }

  private static String required(JsonNode table, String source, String key) {
    return required(table, source, "cluster." + key, key);
  }

  private static String required(JsonNode table, String source, String name, String key) {
    JsonNode v = table.get(key);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new ForklessException(source + ": " + name + " is required (a string)");
    }
    return v.asText();
  }

  /** A validator key file: the 32-byte Ed25519 seed in hex (as {@code forkless keys validator}). */
  public static KeyPair readKey(String source, Path keyFile) {
    String text;
    try {
      text = Files.readString(keyFile, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new ForklessException(
          source + ": cluster.validator_key_file " + keyFile + " cannot be read: " + e, e);
    }
    byte[] seed;
    try {
      seed = HexFormat.of().parseHex(text);
    } catch (IllegalArgumentException e) {
      throw new ForklessException(
          source + ": " + keyFile + " must hold a hex Ed25519 seed: " + e.getMessage(), e);
    }
    if (seed.length != Ed25519.KEY_LENGTH) {
      throw new ForklessException(
          source
              + ": "
              + keyFile
              + " must hold a 32-byte Ed25519 seed (64 hex characters) but holds "
              + seed.length
              + " bytes");
    }
    return Ed25519.fromSeed(seed);
  }
}
