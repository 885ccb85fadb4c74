package io.forkless.host.loader;

import com.google.common.collect.ImmutableList;
import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Verifies a runtime or migration-plugin JAR before anything of it is used (ARCHITECTURE.md,
 * "Trust", points 1 and 2, and the archive shape of issue 3): the code hash governance approved, a
 * strict archive shape within {@link ArchiveLimits}, and a strict signature by exactly one signer
 * whose certificate chains to the pinned {@link TrustAnchors} at the decision time.
 *
 * <p>The file is read once into memory; every check, and the returned {@link VerifiedJar}, works
 * from that one buffer, and no file handle stays open. The phases run in order (hash, shape,
 * signature) and each stops the verification if it fails: a JAR API never sees bytes whose hash or
 * shape is wrong. The signature time is {@code decisionTime} (the timestamp of the block being
 * decided on), never the wall clock, so every node decides alike.
 *
 * <p>Immutable and thread-safe.
 */
public final class JarVerifier {

  private final TrustAnchors trust;
  private final ArchiveLimits limits;

  private JarVerifier(TrustAnchors trust, ArchiveLimits limits) {
    this.trust = trust;
    this.limits = limits;
  }

  /** A verifier trusting exactly {@code trust}, refusing archives beyond {@code limits}. */
  public static JarVerifier create(TrustAnchors trust, ArchiveLimits limits) {
    return new JarVerifier(trust, limits);
  }

  /**
   * Reads {@code jar} once and verifies it.
   *
   * @throws RuntimeRejectedException listing every reason if the file cannot be read, its SHA-256
   *     differs from {@code expectedHash}, its archive shape is unsafe or its signature is not
   *     strictly valid at {@code decisionTime}
   * @throws IllegalArgumentException if {@code expectedHash} is not a 256-bit hash
   */
  public VerifiedJar verify(Path jar, HashCode expectedHash, Instant decisionTime) {
    requireSha256(expectedHash);
    String source = jar.toString();
    Read read = read(jar);
    byte[] bytes = read.bytes();
    if (bytes == null) {
      throw new RuntimeRejectedException(source, List.of(read.problem()));
    }
    return verifyOwned(source, bytes, expectedHash, decisionTime);
  }

  /**
   * Verifies a JAR already in memory; the bytes are copied first, so later changes to the array do
   * not affect the result.
   *
   * @param source the JAR as named to the operator, for messages
   * @throws RuntimeRejectedException as {@link #verify(Path, HashCode, Instant)}
   */
  public VerifiedJar verify(
      String source, byte[] jarBytes, HashCode expectedHash, Instant decisionTime) {
    requireSha256(expectedHash);
    return verifyOwned(source, jarBytes.clone(), expectedHash, decisionTime);
  }

  /** Inspects a JAR file offline without throwing for a bad JAR: see {@link JarInspection}. */
  public JarInspection inspect(Path jar, Instant decisionTime) {
    Read read = read(jar);
    byte[] bytes = read.bytes();
    if (bytes == null) {
      return new JarInspection(
          jar.toString(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          ImmutableList.of(read.problem()));
    }
    return inspect(jar.toString(), bytes, decisionTime);
  }

  /** Inspects a JAR in memory offline without throwing for a bad JAR: see {@link JarInspection}. */
  public JarInspection inspect(String source, byte[] jarBytes, Instant decisionTime) {
    byte[] bytes = jarBytes.clone();
    HashCode hash = hash(bytes);
    ArchiveShape.Result shape = ArchiveShape.check(bytes, limits);
    if (!shape.passed()) {
      return new JarInspection(
          source, Optional.of(hash), Optional.empty(), Optional.empty(), shape.problems());
    }
    JarSignature.Outcome signature = JarSignature.check(bytes, shape, trust, decisionTime);
    return new JarInspection(
        source,
        Optional.of(hash),
        Optional.ofNullable(signature.mainAttributes().get(JarInspection.VERSION_ATTRIBUTE)),
        signature.signerChain().stream().findFirst().map(SignerChain::subject),
        signature.problems());
  }

  private VerifiedJar verifyOwned(
      String source, byte[] bytes, HashCode expectedHash, Instant decisionTime) {
    HashCode actual = hash(bytes);
    if (!actual.equals(expectedHash)) {
      throw new RuntimeRejectedException(
          source,
          List.of(
              "code hash mismatch: the file's SHA-256 is "
                  + actual
                  + " but governance approved "
                  + expectedHash
                  + " (a different or modified JAR)"));
    }
    ArchiveShape.Result shape = checkShape(source, bytes);
    return checkSignature(source, bytes, actual, shape, decisionTime);
  }

  // The phases, callable one by one for the benchmark (JarVerifyBenchmark).

  /** Phase 1: the code hash. */
  static HashCode hash(byte[] bytes) {
    return Hashing.sha256().hashBytes(bytes);
  }

  /** Phase 2: the archive shape, on the raw bytes. */
  ArchiveShape.Result checkShape(String source, byte[] bytes) {
    ArchiveShape.Result shape = ArchiveShape.check(bytes, limits);
    if (!shape.passed()) {
      throw new RuntimeRejectedException(source, shape.problems());
    }
    return shape;
  }

  /** Phase 3: the signature, on bytes whose shape passed; builds the result. */
  VerifiedJar checkSignature(
      String source, byte[] bytes, HashCode hash, ArchiveShape.Result shape, Instant decisionTime) {
    JarSignature.Outcome signature = JarSignature.check(bytes, shape, trust, decisionTime);
    if (!signature.problems().isEmpty()) {
      throw new RuntimeRejectedException(source, signature.problems());
    }
    return new VerifiedJar(
        source, hash, signature.mainAttributes(), signature.files(), signature.signerChain());
  }

  private static void requireSha256(HashCode expectedHash) {
    if (expectedHash.bits() != 256) {
      throw new IllegalArgumentException(
          "expected a SHA-256 code hash (256 bits) but got "
              + expectedHash.bits()
              + " bits: "
              + expectedHash);
    }
  }

  /**
   * The largest JAR file this verifier reads ({@link ArchiveLimits#maxTotalUncompressedSize}): a
   * watcher refuses bigger files by their size alone, without reading them.
   */
  public long maxFileBytes() {
    return Math.min(limits.maxTotalUncompressedSize(), Integer.MAX_VALUE - 16);
  }

  /** The file's bytes, or why they could not be read. */
  private record Read(byte @Nullable [] bytes, String problem) {}

  private Read read(Path jar) {
    // Bounded read: never more than the archive may hold, whatever the file's size claims.
    int cap = (int) maxFileBytes();
    try (InputStream in = Files.newInputStream(jar)) {
      byte[] bytes = in.readNBytes(cap + 1);
      if (bytes.length > cap) {
        return new Read(
            null,
            "the file is larger than the limit of "
                + cap
                + " bytes (ArchiveLimits.maxTotalUncompressedSize)");
      }
      return new Read(bytes, "");
    } catch (IOException e) {
      return new Read(null, "cannot read the file: " + e);
    }
  }
}
