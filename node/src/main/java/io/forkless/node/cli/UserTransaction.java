package io.forkless.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.forkless.host.chain.Transaction;
import java.io.PrintWriter;
import java.security.KeyPair;
import java.util.OptionalLong;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Sends one signed user transaction: resolves the key, picks the nonce (the account's nonce on
 * chain, or after its pending transactions), signs, submits, waits for the block and prints the
 * receipt. Shared by {@code tx transfer}, {@code stake}, {@code unstake} and {@code submit}.
 */
final class UserTransaction {

  private UserTransaction() {}

  /**
   * @throws CliException when the node refuses it, it is not included in time, or it fails
   */
  static void send(
      CommandSpec spec, RpcOptions rpc, AccountKey key, OptionalLong nonce, String call) {
    RpcClient client = rpc.client();
    JsonNode status = client.status();
    KeyPair pair = key.resolve(status);
    String account = AccountKey.publicKeyHex(pair);
    long n = nonce.isPresent() ? nonce.getAsLong() : nextNonce(client, account);
    byte[] envelope = AccountTransactions.sign(pair, RpcClient.text(status, "chainId"), n, call);
    String hash = client.submit(Transaction.runtime(envelope));
    JsonNode receipt = client.awaitInclusion(hash, rpc.timeout());
    boolean success = receipt.path("success").asBoolean(false);
    PrintWriter out = spec.commandLine().getOut();
    if (rpc.json) {
      out.println(Json.write(receipt));
    } else {
      String message = receipt.path("message").asText("");
      out.println(
          "transaction "
              + hash
              + " (nonce "
              + n
              + ") included at height "
              + receipt.path("height").asText()
              + ": "
              + (success ? "ok" : "FAILED")
              + (message.isEmpty() ? "" : " (" + message + ")"));
    }
    out.flush();
    if (!success) {
      throw new CliException(
          "'"
              + call
              + "' failed at height "
              + receipt.path("height").asText()
              + ": "
              + receipt.path("message").asText("(no message)"));
    }
  }

  /** The account's next nonce: after its pending transactions, else its nonce on chain. */
  static long nextNonce(RpcClient client, String account) {
    JsonNode pending = client.pendingNonce(account);
    if (pending.hasNonNull("next")) {
      return pending.get("next").asLong();
    }
    JsonNode answer = client.queryJson("account " + account);
    return answer.path("nonce").asLong(0);
  }
}
