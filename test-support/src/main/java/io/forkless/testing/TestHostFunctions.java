package io.forkless.testing;

import io.forkless.api.BlockContext;
import io.forkless.api.HostFunctions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * {@link HostFunctions} with the JDK's providers, for unit tests of runtimes and migrations that
 * run without the host. Behaves like the host's implementation (never throws on bad input).
 */
public final class TestHostFunctions implements HostFunctions {

  /** The shared instance (stateless). */
  public static final TestHostFunctions INSTANCE = new TestHostFunctions();

  private static final byte[] X509_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  private TestHostFunctions() {}

  /** A block context of chain {@code chainId} at {@code height} with these host functions. */
  public static BlockContext block(String chainId, long height) {
    return new BlockContext(chainId, height, 0, INSTANCE);
  }

  @Override
  public boolean ed25519Verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey.length != ED25519_PUBLIC_KEY_LENGTH
        || signature.length != ED25519_SIGNATURE_LENGTH) {
      return false;
    }
    byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + publicKey.length);
    System.arraycopy(publicKey, 0, encoded, X509_PREFIX.length, publicKey.length);
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(
          KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded)));
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }
}
