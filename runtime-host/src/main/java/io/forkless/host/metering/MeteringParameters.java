package io.forkless.host.metering;

import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.host.state.HostNamespace;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where the chain keeps its {@link MeteringLimits}: one key in the host namespace, so every node
 * reads the same limits at the same height, runtime code can neither read nor write them, and only
 * a host transaction (governance) can change them. A chain whose state has no such key (created
 * before metering) runs with {@link MeteringLimits#DEFAULT}.
 */
public final class MeteringParameters {

  /** {@code 0x00 || "params/metering"}; the key governance's parameters use for {@link #NAME}. */
  public static final byte[] KEY = key();

  private MeteringParameters() {}

  /** The limits in force in {@code state}. */
  public static MeteringLimits read(StateView state) {
    return state.get(KEY).map(MeteringLimits::decode).orElse(MeteringLimits.DEFAULT);
  }

  /** The name governance changes the limits by ({@code 0x00 "params/metering"}). */
  public static final String NAME = "metering";

  /** Why {@code limits} cannot be a chain's, if they cannot (as governance would refuse them). */
  public static Optional<String> problem(MeteringLimits limits) {
    if (limits.txSteps() > limits.blockSteps()) {
      return Optional.of(
          "txSteps "
              + limits.txSteps()
              + " is above blockSteps "
              + limits.blockSteps()
              + ": no transaction could use its budget");
    }
    return Optional.empty();
  }

  /** Records {@code limits} (at genesis, or by a governance transaction). */
  public static void write(State state, MeteringLimits limits) {
    state.put(KEY, limits.encode());
  }

  private static byte[] key() {
    byte[] name = "params/metering".getBytes(StandardCharsets.US_ASCII);
    byte[] key = new byte[name.length + 1];
    key[0] = HostNamespace.PREFIX;
    System.arraycopy(name, 0, key, 1, name.length);
    return key;
  }
}
