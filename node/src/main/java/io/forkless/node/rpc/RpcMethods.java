package io.forkless.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.HashCode;
import io.forkless.host.ForklessException;
import io.forkless.host.ForklessHost;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.Chain;
import io.forkless.host.chain.Transaction;
import io.forkless.host.chain.TransactionRejectedException;
import io.forkless.host.chain.TxLocation;
import io.forkless.host.chain.TxReceipt;
import io.forkless.host.governance.GovernanceException;
import io.forkless.host.governance.ProposalRecord;
import io.forkless.host.governance.SignedGovernanceTx;
import io.forkless.host.upgrade.UpgradeRefusedException;
import io.forkless.node.cluster.NetworkView;
import io.forkless.node.server.NodeSettings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON-RPC methods of docs/rpc.md, each a plain function from params to a result; failures are
 * {@link RpcException}s with the protocol's codes. Thread-safe (the host is).
 */
public final class RpcMethods {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private final ForklessHost host;
  private final NodeSettings.Mode mode;
  private final Map<String, ReadMethod> extensions;
  private final NetworkView network;

  public RpcMethods(ForklessHost host, NodeSettings.Mode mode) {
    this(host, mode, Map.of());
  }

  /** With read-only methods contributed by other parts of the node, by method name. */
  public RpcMethods(ForklessHost host, NodeSettings.Mode mode, Map<String, ReadMethod> extensions) {
    this(host, mode, extensions, NetworkView.of(null, host));
  }

  /** As a validator of a network: submissions go through the network's log (#15). */
  public RpcMethods(
      ForklessHost host,
      NodeSettings.Mode mode,
      Map<String, ReadMethod> extensions,
      NetworkView network) {
    this.host = host;
    this.mode = mode;
    this.extensions = Map.copyOf(extensions);
    this.network = network;
  }

  /**
   * Calls {@code method}.
   *
   * @throws RpcException with the code and a readable message when the call fails
   */
  public JsonNode call(String method, JsonNode params) {
    if (!params.isMissingNode() && !params.isNull() && !params.isObject()) {
      throw new RpcException(
          RpcException.INVALID_PARAMS, "params must be an object (named params) but was " + params);
    }
    switch (method) {
      case "forkless_status":
        return new StatusJson(host, mode, network).build(this::proposalJson);
      case "forkless_submitTransaction":
        return submitTransaction(params);
      case "forkless_submitRuntimeTransaction":
        return submitRuntimeTransaction(params);
      case "forkless_transaction":
        return transaction(params);
      case "forkless_block":
        return block(params);
      case "forkless_proposal":
        return proposal(params);
      case "forkless_proposals":
        return proposals();
      case "forkless_rollback":
        return rollback(params);
      case "forkless_query":
        return query(params);
      case "forkless_pendingNonce":
        return pendingNonce(params);
      default:
        ReadMethod extension = extensions.get(method);
        if (extension != null) {
          return extension.call(params);
        }
        throw new RpcException(
            RpcException.METHOD_NOT_FOUND,
            "unknown method '" + method + "'; see docs/rpc.md for the methods");
    }
  }

  /** Ok, paused or halted, for /health. */
  public NodeHealth health() {
    return NodeHealth.of(network.haltedReason(), host.pausedReason())
        .withWarnings(NodeHealth.warnings(host));
  }

  /** The head height, for /health. */
  public long height() {
    return host.chain().head().height();
  }

  private ObjectNode submitTransaction(JsonNode params) {
    byte[] encoded = hex(params, "tx");
    try {
      return hashResult(network.submit(encoded));
    } catch (TransactionRejectedException e) {
      throw new RpcException(RpcException.REFUSED, e.getMessage(), e);
    } catch (ForklessException e) {
      throw new RpcException(RpcException.REFUSED, e.getMessage(), e);
    }
  }

  private ObjectNode submitRuntimeTransaction(JsonNode params) {
    String text = text(params, "text");
    if (text.isEmpty() || !StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
      throw new RpcException(
          RpcException.INVALID_PARAMS,
          "params.text must be non-empty ASCII but was \"" + text + "\"");
    }
    try {
      return hashResult(
          network.submit(Transaction.runtime(text.getBytes(StandardCharsets.US_ASCII))));
    } catch (TransactionRejectedException e) {
      throw new RpcException(RpcException.REFUSED, e.getMessage(), e);
    } catch (ForklessException e) {
      throw new RpcException(RpcException.REFUSED, e.getMessage(), e);
    }
  }

  /**
   * The active runtime's read-only answer to {@code params.query} (ASCII text) or {@code
   * params.queryHex} (bytes), on the committed state.
   */
  private ObjectNode query(JsonNode params) {
    byte[] request =
        params.has("queryHex")
            ? hex(params, "queryHex")
            : text(params, "query").getBytes(StandardCharsets.US_ASCII);
    Chain chain = host.chain();
    var binding = chain.activeRuntime();
    byte[] answer;
    try {
      answer =
          binding
              .runtime()
              .query(io.forkless.host.state.HostNamespace.guard(chain.state()), request);
    } catch (IllegalArgumentException e) {
      throw new RpcException(
          RpcException.INVALID_PARAMS,
          "runtime " + binding.version() + " refused the query: " + e.getMessage(),
          e);
    } catch (RuntimeException | StackOverflowError | LinkageError e) {
      throw new RpcException(
          RpcException.REFUSED,
          "runtime " + binding.version() + " failed to answer: " + e.getClass().getName(),
          e);
    }
    if (answer == null) {
      throw new RpcException(
          RpcException.REFUSED, "runtime " + binding.version() + " returned no answer");
    }
    ObjectNode out = F.objectNode();
    out.put("runtimeVersion", binding.version().toString()).put("height", chain.head().height());
    out.put("hex", java.util.HexFormat.of().formatHex(answer));
    boolean ascii = true;
    for (byte b : answer) {
      ascii &= b >= 0x20 && b <= 0x7e;
    }
    if (ascii) {
      out.put("text", new String(answer, StandardCharsets.US_ASCII));
    } else {
      out.putNull("text");
    }
    return out;
  }

  private ObjectNode pendingNonce(JsonNode params) {
    byte[] sender = hex(params, "sender");
    var next = host.mempool().nextPendingNonce(Transaction.Kind.RUNTIME, sender);
    ObjectNode out = F.objectNode();
    if (next.isPresent()) {
      out.put("next", next.getAsLong());
    } else {
      out.putNull("next");
    }
    return out;
  }

  private ObjectNode transaction(JsonNode params) {
    HashCode hash = hash(params, "hash");
    Chain chain = host.chain();
    ObjectNode out = F.objectNode().put("hash", hash.toString());
    Optional<TxLocation> at = chain.findTransaction(hash);
    if (at.isPresent()) {
      TxReceipt receipt = chain.receipts(at.get().height()).orElseThrow().get(at.get().index());
      return out.put("status", "included")
          .put("height", at.get().height())
          .put("success", receipt.success())
          .put("message", receipt.message());
    }
    if (host.mempool().contains(hash)) {
      out.put("status", "pending").putNull("height").putNull("success").putNull("message");
      return out;
    }
    Optional<String> dropped = host.mempool().droppedReason(hash);
    if (dropped.isPresent()) {
      return out.put("status", "dropped")
          .putNull("height")
          .putNull("success")
          .put("message", dropped.get());
    }
    Optional<String> refused = network.refusal(hash);
    if (refused.isPresent()) {
      return out.put("status", "refused")
          .putNull("height")
          .putNull("success")
          .put("message", refused.get());
    }
    throw new RpcException(
        RpcException.NOT_FOUND, "transaction " + hash + " is neither pending nor in a block");
  }

  private ObjectNode block(JsonNode params) {
    long height = nonNegative(params, "height");
    Chain chain = host.chain();
    Block block =
        chain
            .block(height)
            .orElseThrow(
                () ->
                    new RpcException(
                        RpcException.NOT_FOUND,
                        "no block at height "
                            + height
                            + " (the head is "
                            + chain.head().height()
                            + ")"));
    List<TxReceipt> receipts = chain.receipts(height).orElse(List.of());
    var h = block.header();
    ObjectNode out = F.objectNode();
    out.put("height", h.height())
        .put("hash", block.hash().toString())
        .put("parentHash", h.parentHash().toString())
        .put("timestampMillis", h.timestampMillis())
        .put("stateRoot", h.stateRoot().toString())
        .put("runtimeVersion", h.runtimeVersion().toString())
        .put("codeHash", h.runtimeCodeHash().toString());
    ArrayNode txs = out.putArray("transactions");
    for (Transaction tx : block.transactions()) {
      txs.addObject()
          .put("hash", tx.hash().toString())
          .put("kind", tx.kind().name().toLowerCase(Locale.ROOT))
          .put("payloadHex", HashCode.fromBytes(tx.payload()).toString());
    }
    ArrayNode rs = out.putArray("receipts");
    for (TxReceipt r : receipts) {
      rs.addObject()
          .put("hash", r.txHash().toString())
          .put("success", r.success())
          .put("message", r.message());
    }
    return out;
  }

  private ObjectNode proposal(JsonNode params) {
    long id = nonNegative(params, "id");
    return host.governance()
        .proposal(host.chain().state(), id)
        .map(this::proposalJson)
        .orElseThrow(() -> new RpcException(RpcException.NOT_FOUND, "no proposal " + id));
  }

  private ObjectNode proposals() {
    ObjectNode out = F.objectNode();
    ArrayNode all = out.putArray("proposals");
    host.governance().proposals(host.chain().state()).forEach(p -> all.add(proposalJson(p)));
    return out;
  }

  private ObjectNode rollback(JsonNode params) {
    byte[] payload = hex(params, "tx");
    SignedGovernanceTx tx;
    try {
      tx = SignedGovernanceTx.decode(payload);
    } catch (IllegalArgumentException e) {
      throw new RpcException(
          RpcException.INVALID_PARAMS,
          "params.tx is not a signed governance transaction: " + e.getMessage());
    }
    try {
      ForklessHost.RollbackQueued queued = host.rollback(tx);
      network.rollbackQueued(queued.txHash());
      return F.objectNode()
          .put("proposal", queued.proposalId())
          .put("hash", queued.txHash().toString())
          .put("restoredHeight", queued.restoredHeight());
    } catch (GovernanceException | UpgradeRefusedException e) {
      throw new RpcException(RpcException.REFUSED, e.getMessage(), e);
    } catch (ForklessException e) {
      throw new RpcException(RpcException.REFUSED, "rollback failed: " + e.getMessage(), e);
    }
  }

  ObjectNode proposalJson(ProposalRecord r) {
    ObjectNode out = ProposalFields.of(r);
    if (r.activationHeight().isPresent()) {
      out.put("activationHeight", r.activationHeight().getAsLong());
    } else {
      out.putNull("activationHeight");
    }
    return out.put("yesStake", r.yesStake())
        .put("noStake", r.noStake())
        .put("totalStake", host.governance().validators().totalStake())
        .put("quorumThreshold", host.governance().config().quorumThreshold().toString())
        .put("approvalThreshold", host.governance().config().approvalThreshold().toString())
        .put("reason", r.reason())
        .set("precheck", PrecheckFields.of(host, host.chain().state(), r));
  }

  private static ObjectNode hashResult(HashCode hash) {
    return F.objectNode().put("hash", hash.toString());
  }

  private static String text(JsonNode params, String name) {
    JsonNode v = params.get(name);
    if (v == null || !v.isTextual()) {
      throw new RpcException(
          RpcException.INVALID_PARAMS, "params." + name + " must be a string but was " + v);
    }
    return v.textValue();
  }

  private static byte[] hex(JsonNode params, String name) {
    String text = text(params, name);
    if (text.isEmpty() || text.length() % 2 != 0 || !text.matches("[0-9a-f]*")) {
      throw new RpcException(
          RpcException.INVALID_PARAMS,
          "params." + name + " must be lowercase hex of an even length, without 0x");
    }
    return HashCode.fromString(text).asBytes();
  }

  private static HashCode hash(JsonNode params, String name) {
    String text = text(params, name);
    if (!text.matches("[0-9a-f]{64}")) {
      throw new RpcException(
          RpcException.INVALID_PARAMS,
          "params."
              + name
              + " must be a SHA-256 as 64 lowercase hex characters but was \""
              + text
              + "\"");
    }
    return HashCode.fromString(text);
  }

  private static long nonNegative(JsonNode params, String name) {
    JsonNode v = params.get(name);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
      throw new RpcException(
          RpcException.INVALID_PARAMS,
          "params." + name + " must be a whole number >= 0 but was " + v);
    }
    return v.longValue();
  }
}
