package io.forkless.host.governance;

import java.security.PublicKey;

/** Who signed a governance transaction, checked against the validator set and the chain id. */
final class Signers {

  private final String chainId;
  private final ValidatorSet validators;

  Signers(String chainId, ValidatorSet validators) {
    this.chainId = chainId;
    this.validators = validators;
  }

  String chainId() {
    return chainId;
  }

  static <T extends GovernanceAction> T expect(SignedGovernanceTx tx, Class<T> type) {
    if (!type.isInstance(tx.action())) {
      throw new IllegalArgumentException(
          "expected a "
              + type.getSimpleName()
              + " but got "
              + tx.action().getClass().getSimpleName());
    }
    return type.cast(tx.action());
  }

  Validator verifySingleSigner(SignedGovernanceTx tx, String expected, String role) {
    Validator v = validator(expected);
    if (tx.signatures().size() != 1 || !tx.signatures().get(0).validator().equals(expected)) {
      throw new GovernanceException(
          "a "
              + role
              + "'s transaction must be signed by the "
              + role
              + " '"
              + expected
              + "' alone");
    }
    checkSignature(
        v,
        SignedGovernanceTx.signingMessage(chainId, tx.nonce(), tx.action()),
        tx.signatures().get(0).bytes());
    return v;
  }

  Validator validator(String name) {
    return validators
        .get(name)
        .orElseThrow(() -> new GovernanceException("'" + name + "' is not a validator"));
  }

  void checkSignature(Validator v, byte[] message, byte[] signature) {
    PublicKey key = v.publicKey();
    if (!Ed25519.verify(key, message, signature)) {
      throw new GovernanceException(
          "signature of '"
              + v.name()
              + "' does not verify: wrong key, or signed for another chain than '"
              + chainId
              + "' or another transaction");
    }
  }
}
