package io.forkless.testkit;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a scenario on two fresh {@link TestChain}s (each loading the JARs into its own class
 * loaders) and asserts that both produce the same blocks: same state roots, runtime versions and
 * transactions at every height. A runtime that reads anything but its state and the block context
 * (a static counter, an identity hash, iteration over a {@code HashMap} of objects) fails here.
 */
public final class Determinism {

  /**
   * What both runs agreed on.
   *
   * @param height the head's height
   * @param headHash the head block's hash (hex)
   * @param stateRoot the final state root (hex)
   */
  public record Outcome(long height, String headHash, String stateRoot) {}

  private Determinism() {}

  /**
   * Runs {@code scenario} on {@code start.get()} twice, closing each chain afterwards.
   *
   * @throws AssertionError naming the first height whose block differs between the runs
   */
  public static Outcome assertDeterministic(
      Supplier<TestChain> start, Consumer<TestChain> scenario) {
    Run first = run(start, scenario);
    Run second = run(start, scenario);
    int common = Math.min(first.blocks().size(), second.blocks().size());
    for (int h = 0; h < common; h++) {
      if (!first.blocks().get(h).equals(second.blocks().get(h))) {
        throw new AssertionError(
            "not deterministic: block "
                + h
                + " differs between two runs of the same scenario ("
                + first.blocks().get(h)
                + " then "
                + second.blocks().get(h)
                + "); final state roots "
                + first.outcome().stateRoot()
                + " and "
                + second.outcome().stateRoot());
      }
    }
    if (first.blocks().size() != second.blocks().size()) {
      throw new AssertionError(
          "not deterministic: the runs ended at heights "
              + first.outcome().height()
              + " and "
              + second.outcome().height());
    }
    return first.outcome();
  }

  private record Run(List<String> blocks, Outcome outcome) {}

  private static Run run(Supplier<TestChain> start, Consumer<TestChain> scenario) {
    try (TestChain chain = start.get()) {
      scenario.accept(chain);
      return new Run(
          chain.blockHashes(), new Outcome(chain.height(), chain.headHash(), chain.stateRoot()));
    }
  }
}
