package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.util.regex.Pattern;

/** Hostile corpus, environment: see {@link HostileCorpus}. */
public final class PatternBacktracking extends HostileRuntime {

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    return write(
        state,
        "m",
        Boolean.toString(
            Pattern.compile("(a|aa)+b")
                .matcher("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
                .matches()));
  }
}
