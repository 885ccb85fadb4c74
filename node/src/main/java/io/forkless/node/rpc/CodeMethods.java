package io.forkless.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.HashCode;
import io.forkless.api.StateView;
import io.forkless.host.ForklessHost;
import io.forkless.host.code.CodeEntry;
import io.forkless.host.code.CodeParameters;
import io.forkless.host.code.CodeStore;
import io.forkless.host.upgrade.CodeInBlocks;
import java.util.Map;
import java.util.Optional;

/**
 * {@code forkless_code}: what the chain holds of one code hash (bytes received, complete, whether
 * the open proposal names it), the chain's code parameters, and on request the complete code's
 * bytes. Read-only. And {@code forkless_precheck} ({@link PrecheckMethods}).
 */
public final class CodeMethods {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private CodeMethods() {}

  /** The methods, by name. */
  public static Map<String, ReadMethod> of(ForklessHost host) {
    return Map.of(
        "forkless_code",
        params -> code(host, params),
        "forkless_precheck",
        params -> PrecheckMethods.precheck(host, params));
  }

  static ObjectNode code(ForklessHost host, JsonNode params) {
    HashCode hash = hash(params);
    StateView state = host.chain().state();
    CodeStore store = host.codeStore();
    CodeStore.Status status = store.status(state, hash);
    ObjectNode out = F.objectNode().put("hash", hash.toString());
    Optional<CodeEntry> e = status.entry();
    out.put("present", e.isPresent());
    out.put("complete", status.complete());
    out.put("received", status.received());
    if (e.isPresent()) {
      out.put("declaredSize", e.get().declaredSize())
          .put("chunks", e.get().chunks())
          .put("firstHeight", e.get().firstHeight())
          .put("lastHeight", e.get().lastHeight());
      if (e.get().unreferencedSince() >= 0) {
        out.put("unreferencedSince", e.get().unreferencedSince());
      } else {
        out.putNull("unreferencedSince");
      }
    } else {
      out.putNull("declaredSize").putNull("chunks").putNull("firstHeight").putNull("lastHeight");
      out.putNull("unreferencedSince");
    }
    out.put(
        "namedByOpenProposal",
        CodeInBlocks.named(host.governance().openProposal(state)).contains(hash));
    out.put("height", host.chain().head().height());
    CodeParameters p = store.parameters(state);
    out.putObject("parameters")
        .put("maxCodeSize", p.maxCodeSize())
        .put("maxChunkBytes", p.maxChunkBytes())
        .put("maxUploadBytesPerBlock", p.maxUploadBytesPerBlock())
        .put("pruneAfterBlocks", p.pruneAfterBlocks());
    if (params.path("withBytes").asBoolean(false)) {
      byte[] jar =
          store
              .read(state, hash)
              .orElseThrow(
                  () ->
                      new RpcException(
                          RpcException.NOT_FOUND,
                          "code " + hash + " is not complete on chain; see forkless code status"));
      out.put("bytes", HashCode.fromBytes(jar).toString());
    }
    return out;
  }

  private static HashCode hash(JsonNode params) {
    String text = params.path("hash").asText("");
    try {
      HashCode h = HashCode.fromString(text.toLowerCase(java.util.Locale.ROOT));
      if (h.bits() == 256) {
        return h;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new RpcException(
        RpcException.INVALID_PARAMS,
        "params.hash must be a SHA-256 code hash (64 hex digits) but was \"" + text + "\"");
  }
}
