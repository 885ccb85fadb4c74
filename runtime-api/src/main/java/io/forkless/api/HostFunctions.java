package io.forkless.api;

/**
 * What the host computes for runtimes and migrations, because they must not do it themselves (the
 * bytecode verifier refuses the JDK's crypto). Like Substrate's {@code sp_io}: a small, stable set
 * of deterministic functions. Every node answers every call identically; each call has a fixed cost
 * (documented in docs/runtime-developers.md) that the host charges once execution is metered.
 *
 * <p>Arrays passed in are not retained; arrays returned are the caller's. Implementations are
 * thread-safe.
 */
public interface HostFunctions {

  /** Length of a raw Ed25519 public key. */
  int ED25519_PUBLIC_KEY_LENGTH = 32;

  /** Length of an Ed25519 signature. */
  int ED25519_SIGNATURE_LENGTH = 64;

  /**
   * True when {@code signature} is a valid Ed25519 signature (RFC 8032) of {@code message} by the
   * raw 32-byte {@code publicKey}. Never throws: a key or signature of the wrong length, or a key
   * that is not a point on the curve, gives false.
   */
  boolean ed25519Verify(byte[] publicKey, byte[] message, byte[] signature);

  /** The 32-byte SHA-256 digest of {@code data}. */
  byte[] sha256(byte[] data);
}
