package io.forkless.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.forkless.host.chain.Transaction;
import io.forkless.host.governance.GovernanceAction;
import io.forkless.host.governance.SignedGovernanceTx;
import io.forkless.host.governance.SignedGovernanceTx.NamedKey;
import java.time.Duration;
import java.util.List;

/**
 * Signs a governance action for the node's chain, submits it as a host transaction and waits for
 * its receipt (docs/rpc.md, "Governance transactions").
 */
final class GovernanceSubmission {

  private GovernanceSubmission() {}

  /**
   * The signed transaction for the node's chain (its status's {@code chainId}), carrying the first
   * signer's next governance nonce (its status's {@code validators[].nonce}, 0 when absent).
   */
  static SignedGovernanceTx sign(JsonNode status, GovernanceAction action, List<NamedKey> keys) {
    long nonce = 0;
    for (JsonNode v : status.path("validators")) {
      if (v.path("name").asText().equals(keys.get(0).validator())) {
        nonce = v.path("nonce").asLong(0);
      }
    }
    return SignedGovernanceTx.sign(RpcClient.text(status, "chainId"), action, nonce, keys);
  }

  /**
   * Submits {@code tx} and waits until a block includes it.
   *
   * @return the included transaction object (hash, height, success, message)
   * @throws CliException if the node refuses it, it is not included in time, or its receipt failed
   */
  static JsonNode submitAndAwait(RpcClient rpc, SignedGovernanceTx tx, Duration timeout) {
    String hash = rpc.submit(Transaction.host(tx.encode()));
    JsonNode included = rpc.awaitInclusion(hash, timeout);
    if (!included.path("success").asBoolean(false)) {
      throw new CliException(
          tx.describe()
              + " failed at height "
              + included.path("height").asText()
              + ": "
              + included.path("message").asText("(no message)"));
    }
    return included;
  }
}
