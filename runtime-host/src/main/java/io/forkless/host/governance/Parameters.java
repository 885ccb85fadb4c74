package io.forkless.host.governance;

import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.host.codec.Codec;
import io.forkless.host.governance.GovernanceAction.ChangeParameter;
import io.forkless.host.governance.GovernanceStore.Meta;
import io.forkless.host.state.HostNamespace;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chain parameters changed by governance (issue #13: the metering limits). A change is one host
 * transaction signed by validators holding the approval threshold of the stake (the rule of the
 * emergency actions) and carrying the emergency nonce; it names the height it takes effect at, at
 * least the timelock after the block that includes it, and waits until then in the state:
 *
 * <pre>
 * 0x00 "params/" name                the value in force
 * 0x00 "gov/param/" name             a pending change: activation height (8) ‖ value
 * </pre>
 *
 * At the start of the runtime phase of the block at that height every node writes the value, so
 * that block's transactions already run under it. A newer change of the same parameter replaces a
 * pending one. Invalid changes get a rejected receipt naming the problem and write nothing.
 */
final class Parameters {

  private static final Logger log = LoggerFactory.getLogger(Parameters.class);

  /** Longest value accepted. */
  static final int MAX_VALUE_BYTES = 4096;

  private final Signers signers;
  private final ValidatorSet validators;
  private final UpgradeConfig config;
  private final ParameterRules rules;

  Parameters(Signers signers, ValidatorSet validators, UpgradeConfig config, ParameterRules rules) {
    this.signers = signers;
    this.validators = validators;
    this.config = config;
    this.rules = rules;
  }

  /**
   * @throws IllegalArgumentException naming the first invalid genesis value
   */
  static void checkGenesis(ParameterRules rules, Map<String, byte[]> values) {
    for (Map.Entry<String, byte[]> e : values.entrySet()) {
      Optional<String> problem =
          rules.names().contains(e.getKey())
              ? rules.problem(e.getKey(), e.getValue())
              : Optional.of(
                  "unknown parameter; governance can set " + new TreeSet<>(rules.names()));
      if (problem.isPresent()) {
        throw new IllegalArgumentException(
            "genesis parameter " + e.getKey() + " is invalid: " + problem.get());
      }
    }
  }

  /** Writes the genesis values, each checked by the rules. */
  void initGenesis(State state, Map<String, byte[]> values) {
    for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(values).entrySet()) {
      checkValue(e.getKey(), e.getValue());
      state.put(key(e.getKey()), e.getValue().clone());
    }
  }

  /**
   * Applies a signed change from the block at {@code height}.
   *
   * @throws GovernanceException saying why it is refused; nothing is written then
   */
  ChangeParameter apply(State state, long height, SignedGovernanceTx tx) {
    ChangeParameter c = Signers.expect(tx, ChangeParameter.class);
    checkValue(c.name(), c.value());
    long earliest = height + config.timelockDelay();
    if (c.activationHeight() < earliest) {
      throw new GovernanceException(
          "parameter "
              + c.name()
              + " cannot change at height "
              + c.activationHeight()
              + ": changes take effect at least the timelock ("
              + config.timelockDelay()
              + " blocks) after the block that includes them, so at height "
              + earliest
              + " or later");
    }
    long stake = 0;
    byte[] message = SignedGovernanceTx.signingMessage(signers.chainId(), tx.nonce(), c);
    for (SignedGovernanceTx.Signature s : tx.signatures()) {
      Validator v = signers.validator(s.validator());
      signers.checkSignature(v, message, s.bytes());
      stake += v.stake();
    }
    if (!config.approvalThreshold().isMetBy(stake, validators.totalStake())) {
      throw new GovernanceException(
          "a parameter change needs signatures from validators holding at least "
              + config.approvalThreshold()
              + " of the stake ("
              + validators.totalStake()
              + "); the signers hold "
              + stake);
    }
    Meta meta = GovernanceStore.meta(state);
    if (c.emergencyNonce() != meta.emergencyNonce()) {
      throw new GovernanceException(
          "emergency nonce is "
              + meta.emergencyNonce()
              + " but the transaction carries "
              + c.emergencyNonce()
              + ": it was already used or signed for another state; sign it again with nonce "
              + meta.emergencyNonce());
    }
    state.put(
        pendingKey(c.name()),
        new Codec.Writer().i64(c.activationHeight()).bytes(c.value()).toByteArray());
    GovernanceStore.putMeta(
        state, new Meta(meta.nextProposalId(), meta.emergencyNonce() + 1, meta.paused()));
    log.warn(
        "Parameter {} changes at height {} (included at height {}, signed by {})",
        c.name(),
        c.activationHeight(),
        height,
        tx.signatures().stream().map(SignedGovernanceTx.Signature::validator).toList());
    return c;
  }

  /** Writes every pending change due at {@code height}; called once per block, before it runs. */
  void applyDue(State state, long height) {
    for (String name : new TreeSet<>(rules.names())) {
      Optional<PendingParameter> p = pending(state, name);
      if (p.isPresent() && p.get().activationHeight() <= height) {
        state.put(key(name), p.get().value());
        state.delete(pendingKey(name));
        log.warn("Parameter {} changed at height {} by governance", name, height);
      }
    }
  }

  /** The change of {@code name} waiting for its height, if any. */
  Optional<PendingParameter> pending(StateView state, String name) {
    return state
        .get(pendingKey(name))
        .map(
            bytes -> {
              Codec.Reader r = new Codec.Reader(bytes);
              long at = r.i64("activation height");
              return new PendingParameter(at, r.bytes(bytes.length - 8, "value"));
            });
  }

  private void checkValue(String name, byte[] value) {
    if (!rules.names().contains(name)) {
      throw new GovernanceException(
          "unknown parameter \"" + name + "\"; governance can set " + new TreeSet<>(rules.names()));
    }
    if (value.length > MAX_VALUE_BYTES) {
      throw new GovernanceException(
          "parameter " + name + ": value of " + value.length + " bytes is too long");
    }
    Optional<String> problem = rules.problem(name, value);
    if (problem.isPresent()) {
      throw new GovernanceException("invalid value for parameter " + name + ": " + problem.get());
    }
  }

  /** {@code 0x00 "params/" name}: where the value in force lives. */
  static byte[] key(String name) {
    return prefixed("params/" + name);
  }

  private static byte[] pendingKey(String name) {
    return prefixed("gov/param/" + name);
  }

  private static byte[] prefixed(String suffix) {
    byte[] s = suffix.getBytes(StandardCharsets.US_ASCII);
    byte[] k = new byte[s.length + 1];
    k[0] = HostNamespace.PREFIX;
    System.arraycopy(s, 0, k, 1, s.length);
    return k;
  }
}
