package io.forkless.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.HashCode;
import io.forkless.host.chain.Transaction;
import io.forkless.host.code.Attestation;
import io.forkless.host.governance.Ed25519;
import io.forkless.node.server.ValidatorKeys;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code forkless attest [--proposal ID | HASH] --key FILE}: a validator whose key is not on a node
 * files its pre-check verdict on the open proposal's code (#14). The node checks the code exactly
 * as at activation ({@code forkless_precheck}); the verdict is signed here, with the key file, and
 * submitted.
 */
@Command(
    name = "attest",
    mixinStandardHelpOptions = true,
    description = {
      "Files this validator's pre-check verdict on the open upgrade proposal's code: the node"
          + " verifies the code exactly as it would at activation (its trust store, the"
          + " determinism verifier, the version rules, the plan's migrations), this command shows"
          + " the verdict, signs an attestation (or a refusal with the node's reason) with --key"
          + " and submits it. Verdicts are final, one per validator and proposal.",
      "Use the node whose checks you trust: your own. A node with [validator] key_file attests by"
          + " itself."
    })
public final class AttestCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "HASH",
      description = "The open proposal's runtime code hash (a check that it is the code you mean).")
  @Nullable String hash;

  @Option(
      names = "--proposal",
      paramLabel = "ID",
      description = "The open proposal's id (a check that it is the proposal you mean).")
  @Nullable Long proposal;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      required = true,
      description = "This validator's key file (hex Ed25519 seed, as `forkless keys validator`).")
  Path keyFile = Path.of("");

  @Mixin RpcOptions rpc = new RpcOptions();

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    if (hash != null && proposal != null) {
      throw new CliException("give the proposal as --proposal ID or as its code HASH, not both");
    }
    KeyPair key;
    try {
      key = ValidatorKeys.read(keyFile);
    } catch (IllegalArgumentException e) {
      throw new CliException("--key " + e.getMessage(), e);
    }
    ObjectNode params = RpcClient.params();
    if (proposal != null) {
      params.put("proposal", proposal);
    }
    if (hash != null) {
      String h = hash.toLowerCase(Locale.ROOT);
      if (!h.matches("[0-9a-f]{64}")) {
        throw new CliException("HASH must be 64 hex digits (a SHA-256) but was \"" + hash + "\"");
      }
      params.put("hash", h);
    }
    RpcClient client = rpc.client();
    JsonNode check = client.call("forkless_precheck", params);
    String publicKey = HexFormat.of().formatHex(Ed25519.rawPublicKey(key.getPublic()));
    JsonNode me = null;
    List<String> names = new ArrayList<>();
    for (JsonNode v : check.path("validators")) {
      names.add(v.path("name").asText());
      if (v.path("publicKey").asText().equals(publicKey)) {
        me = v;
      }
    }
    String chainId = RpcClient.text(check, "chainId");
    long id = check.path("proposal").asLong();
    if (me == null) {
      throw new CliException(
          "the key in "
              + keyFile
              + " (public key "
              + publicKey
              + ") is not a validator's on chain "
              + chainId
              + " (validators "
              + names
              + "): give your validator key file");
    }
    String name = me.path("name").asText();
    JsonNode filed = me.path("verdict");
    if (filed.isObject()) {
      throw new CliException(
          name
              + " already filed its verdict on proposal "
              + id
              + " at height "
              + filed.path("height").asLong()
              + " ("
              + (filed.path("accepted").asBoolean()
                  ? "attested"
                  : "refused: " + filed.path("reason").asText())
              + "); verdicts are final");
    }
    boolean accepted = check.path("accepted").asBoolean();
    String reason = accepted ? "" : check.path("reason").asText("");
    PrintWriter out = spec.commandLine().getOut();
    if (!rpc.json) {
      out.println(
          "proposal "
              + id
              + " ("
              + check.path("version").asText()
              + ", code "
              + check.path("codeHash").asText()
              + "): the node's pre-check at height "
              + check.path("height").asLong()
              + (accepted ? " PASSED" : " FAILED: " + reason));
      out.flush();
    }
    Attestation attestation =
        new Attestation(
            id,
            HashCode.fromString(RpcClient.text(check, "codeHash")),
            name,
            accepted,
            reason,
            check.path("height").asLong());
    String txHash = client.submit(Transaction.host(attestation.sign(chainId, key.getPrivate())));
    if (!rpc.json) {
      out.println(
          (accepted ? "attestation" : "refusal")
              + " signed by "
              + name
              + " submitted: tx "
              + txHash);
      out.flush();
    }
    JsonNode included = client.awaitInclusion(txHash, rpc.timeout());
    if (!included.path("success").asBoolean(false)) {
      throw new CliException(
          name
              + "'s verdict (tx "
              + txHash
              + ") failed at height "
              + included.path("height").asText()
              + ": "
              + included.path("message").asText("(no message)"));
    }
    if (rpc.json) {
      ObjectNode result = RpcClient.params();
      result.put("validator", name).put("proposal", id).put("accepted", accepted);
      result.put("reason", accepted ? null : reason).put("hash", txHash);
      result.put("height", included.path("height").asLong());
      out.println(Json.write(result));
    } else {
      out.println(
          "included at height "
              + included.path("height").asLong()
              + ": "
              + included.path("message").asText());
    }
    out.flush();
    return 0;
  }
}
