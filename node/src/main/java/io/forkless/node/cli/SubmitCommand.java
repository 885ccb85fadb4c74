package io.forkless.node.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code forkless tx submit --key FILE|NAME CALL...}: any call, signed and sent. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
      "Signs the words CALL... (e.g. 'transfer bob 5', 'stake 10') as a call of the --key"
          + " account with its next nonce, submits it and prints its receipt: for transaction"
          + " kinds this CLI has no command for."
    })
public final class SubmitCommand implements Callable<Integer> {

  @Mixin AccountKey key = new AccountKey();

  @Parameters(paramLabel = "CALL", arity = "1..*", description = "The call's words.")
  List<String> words = new ArrayList<>();

  @Mixin TransferCommand.NonceOption nonce = new TransferCommand.NonceOption();

  @Mixin RpcOptions rpc = new RpcOptions();

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    UserTransaction.send(spec, rpc, key, nonce.value(), String.join(" ", words));
    return 0;
  }
}
