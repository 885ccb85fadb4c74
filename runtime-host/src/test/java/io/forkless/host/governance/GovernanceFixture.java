package io.forkless.host.governance;

import com.google.common.collect.ImmutableMap;
import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.BlockContext;
import io.forkless.api.MigrationPlan;
import io.forkless.api.Receipt;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.governance.GovernanceAction.Emergency;
import io.forkless.host.governance.GovernanceAction.EmergencyKind;
import io.forkless.host.governance.GovernanceAction.ProposeUpgrade;
import io.forkless.host.governance.GovernanceAction.VoteUpgrade;
import io.forkless.host.governance.SignedGovernanceTx.NamedKey;
import io.forkless.testing.MemoryState;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Four validators with unequal stake (alice 40, bob 30, charlie 20, dave 10) and helpers to sign.
 */
final class GovernanceFixture {

  static final String CHAIN = "forkless-test";
  static final RuntimeVersion V1 = RuntimeVersion.of(1, 0, 0);
  static final RuntimeVersion V2 = RuntimeVersion.of(2, 0, 0);
  static final HashCode CODE = Hashing.sha256().hashString("runtime-2.0.0", StandardCharsets.UTF_8);
  static final HashCode PLUGIN = Hashing.sha256().hashString("add_staking", StandardCharsets.UTF_8);

  final Map<String, KeyPair> keys = new LinkedHashMap<>();
  final ValidatorSet validators;
  final Governance governance;
  final MemoryState state = new MemoryState();

  GovernanceFixture(UpgradeConfig config) {
    this(config, Map.of("alice", 40L, "bob", 30L, "charlie", 20L, "dave", 10L));
  }

  GovernanceFixture(UpgradeConfig config, Map<String, Long> stakes) {
    List<Validator> list = new ArrayList<>();
    stakes.forEach(
        (name, stake) -> {
          KeyPair pair =
              Ed25519.fromSeed(
                  Hashing.sha256()
                      .hashString("test-validator:" + name, StandardCharsets.UTF_8)
                      .asBytes());
          keys.put(name, pair);
          list.add(new Validator(name, pair.getPublic(), stake));
        });
    validators = ValidatorSet.of(list);
    governance = Governance.create(CHAIN, validators, config);
  }

  /** Timelock 10, voting period 20, quorum 0.334, approval 0.667. */
  static UpgradeConfig config() {
    return new UpgradeConfig(10, 3, Threshold.parse("0.334"), Threshold.parse("0.667"), 20);
  }

  static ProposeUpgrade proposal(String proposer, long delay) {
    return new ProposeUpgrade(
        proposer,
        "Runtime v2.0.0",
        "Add staking",
        V2,
        CODE,
        Optional.of(
            new HashedMigrationPlan(
                new MigrationPlan(V1, V2, List.of("add_staking"), 300, false),
                ImmutableMap.of("add_staking", PLUGIN))),
        delay,
        7);
  }

  SignedGovernanceTx signed(GovernanceAction action, String... signers) {
    return signed(CHAIN, action, signers);
  }

  SignedGovernanceTx signed(String chainId, GovernanceAction action, String... signers) {
    List<NamedKey> named = new ArrayList<>();
    for (String s : signers) {
      KeyPair pair = keys.containsKey(s) ? keys.get(s) : Ed25519.generate();
      named.add(new NamedKey(s, pair.getPrivate()));
    }
    return SignedGovernanceTx.sign(chainId, action, governance.nonce(state, signers[0]), named);
  }

  Receipt submit(long height, SignedGovernanceTx tx) {
    return governance.apply(
        state,
        new BlockContext(CHAIN, height, 0, io.forkless.host.crypto.HostCrypto.INSTANCE),
        V1,
        tx.encode());
  }

  SignedGovernanceTx vote(long id, String voter, boolean approve) {
    return signed(new VoteUpgrade(id, voter, approve), voter);
  }

  SignedGovernanceTx emergency(EmergencyKind kind, long target, String... signers) {
    return signed(new Emergency(kind, target, governance.emergencyNonce(state)), signers);
  }

  /** Proposes 2.0.0 by alice at height 1 with activation delay 10; returns the id. */
  long propose() {
    return propose("alice");
  }

  /** Proposes 2.0.0 by {@code proposer} at height 1 with activation delay 10; returns the id. */
  long propose(String proposer) {
    Receipt r = submit(1, signed(proposal(proposer, 10), proposer));
    if (!r.success()) {
      throw new AssertionError(r.message());
    }
    return governance.openProposal(state).orElseThrow().id();
  }
}
