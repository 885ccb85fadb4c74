package io.forkless.node.dev;

import com.google.common.collect.ImmutableMap;
import com.google.common.hash.Hashing;
import io.forkless.host.governance.Ed25519;
import io.forkless.host.governance.Threshold;
import io.forkless.host.governance.UpgradeConfig;
import io.forkless.host.governance.Validator;
import io.forkless.host.governance.ValidatorSet;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The DEVELOPMENT chain of {@code forkless node --dev}: four validators whose keys anyone can
 * derive (so never valid outside dev mode), unequal stake, short voting period and timelock, and a
 * fixed genesis time so that every dev node starts from the same genesis block.
 */
public final class DevChain {

  /** The dev chain's id. */
  public static final String CHAIN_ID = "forkless-dev";

  /** Fixed, so two dev nodes have byte-identical genesis blocks. */
  public static final Instant GENESIS_TIME = Instant.parse("2026-01-01T00:00:00Z");

  /** Validator names and stakes: unequal on purpose (alice alone is not a two-thirds majority). */
  public static final ImmutableMap<String, Long> STAKES =
      ImmutableMap.of("alice", 40L, "bob", 30L, "charlie", 20L, "dave", 10L);

  /**
   * Every dev validator a local validator network ({@code forkless devnet}) can run, in the order
   * devnet uses them: the four of {@link #STAKES} plus eve (stake 10), so that a devnet has up to
   * five validators. The single-node dev chain keeps the four of {@link #STAKES}.
   */
  public static final ImmutableMap<String, Long> NETWORK_STAKES =
      ImmutableMap.<String, Long>builder().putAll(STAKES).put("eve", 10L).buildOrThrow();

  /**
   * Genesis balances of the dev accounts (the same names as the validators, but other keys: {@link
   * #devAccountKey}).
   */
  public static final ImmutableMap<String, Long> BALANCES =
      ImmutableMap.of(
          "alice",
          1_000_000_000L,
          "bob",
          1_000_000_000L,
          "charlie",
          1_000_000_000L,
          "dave",
          1_000_000_000L);

  private DevChain() {}

  /** Timelock 5 blocks, voting period 20 blocks, the seed's thresholds, 10 snapshots. */
  public static UpgradeConfig upgradeConfig() {
    return new UpgradeConfig(5, 10, Threshold.parse("0.334"), Threshold.parse("0.667"), 20);
  }

  /**
   * The dev key of {@code name}: Ed25519 from seed SHA-256("forkless-dev-validator:" + name).
   * Anyone can compute it: a node outside dev mode refuses validators with such keys.
   */
  public static KeyPair devKey(String name) {
    return Ed25519.fromSeed(
        Hashing.sha256()
            .hashString("forkless-dev-validator:" + name, StandardCharsets.UTF_8)
            .asBytes());
  }

  /**
   * The dev ACCOUNT key of {@code name}: Ed25519 from seed SHA-256("forkless-dev-account:" + name).
   * Anyone can compute it, like the validators' dev keys; the CLI signs with it for {@code --key
   * NAME} against a {@code --dev} node only.
   */
  public static KeyPair devAccountKey(String name) {
    return Ed25519.fromSeed(
        Hashing.sha256()
            .hashString("forkless-dev-account:" + name, StandardCharsets.UTF_8)
            .asBytes());
  }

  /**
   * The dev chain's runtime genesis section: each dev account by name with its dev account key and
   * balance ({@code accounts = [{name, public_key, balance}, …]}).
   */
  public static Map<String, Object> runtimeGenesis() {
    List<Object> accounts = new ArrayList<>();
    for (Map.Entry<String, Long> e : BALANCES.entrySet()) {
      accounts.add(
          Map.of(
              "name",
              e.getKey(),
              "public_key",
              java.util.HexFormat.of()
                  .formatHex(Ed25519.rawPublicKey(devAccountKey(e.getKey()).getPublic())),
              "balance",
              e.getValue()));
    }
    return Map.of("accounts", List.copyOf(accounts));
  }

  /**
   * The code parameters of the dev chain: the defaults, with the validators' pre-check required.
   */
  public static io.forkless.host.code.CodeParameters codeParameters() {
    return io.forkless.host.code.CodeParameters.defaults().withPrecheck(true);
  }

  /**
   * The dev key of {@code name}, if {@code name} is one of the dev validators (of {@link
   * #NETWORK_STAKES}).
   */
  public static Optional<KeyPair> devValidatorKey(String name) {
    return NETWORK_STAKES.containsKey(name) ? Optional.of(devKey(name)) : Optional.empty();
  }

  /**
   * True when {@code key} is the public key of any dev validator name in {@link #NETWORK_STAKES}.
   */
  public static boolean isDevKey(PublicKey key) {
    byte[] raw = Ed25519.rawPublicKey(key);
    for (String name : NETWORK_STAKES.keySet()) {
      if (java.util.Arrays.equals(raw, Ed25519.rawPublicKey(devKey(name).getPublic()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The genesis validators of a dev validator network whose members are {@code names}: exactly
   * those dev validators, with their {@link #NETWORK_STAKES}, in that map's order (whatever the
   * order of {@code names}, so every member derives the same genesis).
   *
   * @throws IllegalArgumentException if a name is not a dev validator
   */
  public static ValidatorSet networkValidators(java.util.Collection<String> names) {
    for (String name : names) {
      if (!NETWORK_STAKES.containsKey(name)) {
        throw new IllegalArgumentException(
            "\""
                + name
                + "\" is not a dev validator: a --dev network's members are among "
                + NETWORK_STAKES.keySet());
      }
    }
    List<Validator> list = new ArrayList<>();
    for (Map.Entry<String, Long> e : NETWORK_STAKES.entrySet()) {
      if (names.contains(e.getKey())) {
        list.add(new Validator(e.getKey(), devKey(e.getKey()).getPublic(), e.getValue()));
      }
    }
    return ValidatorSet.of(list);
  }

  /** The four dev validators. */
  public static ValidatorSet validators() {
    List<Validator> list = new ArrayList<>();
    for (Map.Entry<String, Long> e : STAKES.entrySet()) {
      list.add(new Validator(e.getKey(), devKey(e.getKey()).getPublic(), e.getValue()));
    }
    return ValidatorSet.of(list);
  }
}
