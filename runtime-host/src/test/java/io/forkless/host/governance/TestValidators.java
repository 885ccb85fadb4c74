package io.forkless.host.governance;

import com.google.common.collect.ImmutableMap;
import com.google.common.hash.Hashing;
import io.forkless.host.governance.SignedGovernanceTx.NamedKey;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The four validators of the governed test chains, with unequal stake (alice 40, bob 30, charlie
 * 20, dave 10) and Ed25519 keys derived from a seed: {@code SHA-256(seed ":" name)}. A test class
 * picks its own seed, so its chain's keys are its own.
 */
public final class TestValidators {

  private final Map<String, KeyPair> keys = new LinkedHashMap<>();
  private final ValidatorSet set;

  private TestValidators(String seed) {
    List<Validator> list = new ArrayList<>();
    ImmutableMap.of("alice", 40L, "bob", 30L, "charlie", 20L, "dave", 10L)
        .forEach(
            (name, stake) -> {
              KeyPair pair =
                  Ed25519.fromSeed(
                      Hashing.sha256()
                          .hashString(seed + ":" + name, StandardCharsets.UTF_8)
                          .asBytes());
              keys.put(name, pair);
              list.add(new Validator(name, pair.getPublic(), stake));
            });
    set = ValidatorSet.of(list);
  }

  /** alice, bob, charlie and dave with keys from {@code seed}. */
  public static TestValidators of(String seed) {
    return new TestValidators(seed);
  }

  /** The validator set a genesis names. */
  public ValidatorSet set() {
    return set;
  }

  /** {@code name}'s signing key, as governance transactions carry it. */
  public NamedKey key(String name) {
    return new NamedKey(name, Objects.requireNonNull(keys.get(name), name).getPrivate());
  }
}
