package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.math.BigInteger;

/** Hostile corpus, environment: see {@link HostileCorpus}. */
public final class BigIntegerDoubling extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    BigInteger x = BigInteger.TWO;
    for (int i = 0; i < 64; i++) {
      x = x.multiply(x);
    }
    return write(state, "x", Integer.toString(x.bitLength()));
  }
}
