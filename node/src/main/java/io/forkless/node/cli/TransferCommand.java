package io.forkless.node.cli;

import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code forkless tx transfer --key FILE|NAME TO AMOUNT [--memo TEXT]}. */
@Command(
    name = "transfer",
    mixinStandardHelpOptions = true,
    description = {
      "Transfers AMOUNT from the --key account to TO (a genesis name or a 64-hex public key),"
          + " signed with the account's next nonce; waits until a block includes it and prints"
          + " its receipt.",
      "With --memo the transaction is a transfer_memo (runtime 1.1.0 and later)."
    })
public final class TransferCommand implements Callable<Integer> {

  @Mixin AccountKey key = new AccountKey();

  @Parameters(index = "0", paramLabel = "TO")
  String to = "";

  @Parameters(index = "1", paramLabel = "AMOUNT")
  long amount;

  @Option(names = "--memo", paramLabel = "TEXT", description = "A memo echoed in the receipt.")
  @Nullable String memo;

  @Mixin NonceOption nonce = new NonceOption();

  @Mixin RpcOptions rpc = new RpcOptions();

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    String call =
        memo == null
            ? "transfer " + to + " " + amount
            : "transfer_memo " + to + " " + amount + " " + memo;
    UserTransaction.send(spec, rpc, key, nonce.value(), call);
    return 0;
  }

  /** {@code --nonce N}: sign with this nonce (to replace a stuck pending transaction). */
  public static final class NonceOption {
    @Option(
        names = "--nonce",
        paramLabel = "N",
        description =
            "Sign with nonce N instead of the next one (a transaction pending with the same"
                + " nonce is replaced).")
    @Nullable Long nonce;

    OptionalLong value() {
      if (nonce != null && nonce < 0) {
        throw new CliException("--nonce must be >= 0 but was " + nonce);
      }
      return nonce == null ? OptionalLong.empty() : OptionalLong.of(nonce);
    }
  }
}
