package io.forkless.benchmarks;

import io.forkless.testing.Accounts;

/** Transfers signed ahead of a benchmark, so that signing is not what it measures. */
final class SignedTransfers {

  private SignedTransfers() {}

  /**
   * {@code count} transfers of 1 alternating alice → bob and bob → alice on chain "bench", each
   * sender's nonces counting from 0.
   */
  static byte[][] aliceAndBob(int count) {
    Accounts.Account alice = Accounts.dev("alice");
    Accounts.Account bob = Accounts.dev("bob");
    byte[][] out = new byte[count][];
    for (int i = 0; i < count; i++) {
      out[i] =
          i % 2 == 0
              ? alice.sign("bench", i / 2, "transfer bob 1")
              : bob.sign("bench", i / 2, "transfer alice 1");
    }
    return out;
  }
}
