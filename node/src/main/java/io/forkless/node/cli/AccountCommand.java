package io.forkless.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code forkless balance ACCOUNT} and {@code forkless account ACCOUNT}: read-only queries. */
public final class AccountCommand {

  private AccountCommand() {}

  /** {@code forkless account ACCOUNT}: balance, nonce, and stake on 2.0.0. */
  @Command(
      name = "account",
      mixinStandardHelpOptions = true,
      description =
          "Shows an account (a genesis name or 64-hex public key): balance, nonce, and stake on"
              + " runtime 2.0.0; --json prints the runtime's answer.")
  public static final class Show implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ACCOUNT")
    String account = "";

    @Mixin RpcOptions rpc = new RpcOptions();
    @Spec CommandSpec spec = CommandSpec.create();

    @Override
    public Integer call() {
      JsonNode a = rpc.client().queryJson("account " + account);
      PrintWriter out = spec.commandLine().getOut();
      if (rpc.json) {
        out.println(Json.write(a));
      } else {
        out.println(
            "account "
                + a.path("account").asText()
                + (a.path("exists").asBoolean() ? "" : " (no record yet)")
                + ": balance "
                + a.path("balance").asText()
                + (a.has("staked") ? ", staked " + a.path("staked").asText() : "")
                + ", nonce "
                + a.path("nonce").asText());
      }
      out.flush();
      return 0;
    }
  }

  /** {@code forkless balance ACCOUNT}: the balance only. */
  @Command(
      name = "balance",
      mixinStandardHelpOptions = true,
      description = "Prints an account's balance (a genesis name or 64-hex public key).")
  public static final class Balance implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ACCOUNT")
    String account = "";

    @Mixin RpcOptions rpc = new RpcOptions();
    @Spec CommandSpec spec = CommandSpec.create();

    @Override
    public Integer call() {
      JsonNode a = rpc.client().queryJson("account " + account);
      PrintWriter out = spec.commandLine().getOut();
      if (rpc.json) {
        out.println(Json.write(Json.object().put("balance", a.path("balance").asLong())));
      } else {
        out.println(a.path("balance").asText());
      }
      out.flush();
      return 0;
    }
  }
}
