package io.forkless.node.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code forkless tx stake|unstake --key FILE|NAME AMOUNT} (runtime 2.0.0 and later). */
public final class StakeCommand {

  private StakeCommand() {}

  /** The options both commands share; each sends {@code "<verb> <amount>"}. */
  abstract static class AmountCommand implements Callable<Integer> {
    @Mixin AccountKey key = new AccountKey();

    @Parameters(index = "0", paramLabel = "AMOUNT")
    long amount;

    @Mixin TransferCommand.NonceOption nonce = new TransferCommand.NonceOption();
    @Mixin RpcOptions rpc = new RpcOptions();
    @Spec CommandSpec spec = CommandSpec.create();

    abstract String verb();

    @Override
    public Integer call() {
      UserTransaction.send(spec, rpc, key, nonce.value(), verb() + " " + amount);
      return 0;
    }
  }

  /** {@code tx stake}. */
  @Command(
      name = "stake",
      mixinStandardHelpOptions = true,
      description = "Moves AMOUNT of the --key account's balance to its stake (runtime 2.0.0+).")
  public static final class Stake extends AmountCommand {
    @Override
    String verb() {
      return "stake";
    }
  }

  /** {@code tx unstake}. */
  @Command(
      name = "unstake",
      mixinStandardHelpOptions = true,
      description = "Moves AMOUNT of the --key account's stake back to its balance (2.0.0+).")
  public static final class Unstake extends AmountCommand {
    @Override
    String verb() {
      return "unstake";
    }
  }
}
