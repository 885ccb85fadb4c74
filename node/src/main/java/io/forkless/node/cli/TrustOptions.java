package io.forkless.node.cli;

import io.forkless.host.loader.TrustAnchors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Which signers an offline check trusts: a PKCS12 trust store, or with {@code --dev} the
 * DEVELOPMENT CA that {@code forkless node --dev} trusts (bundled with the CLI,
 * dev-keys/README.md), or both (as {@code forkless node --dev --trust-store FILE} trusts both).
 * Neither given is an error: an offline check never guesses a trust store.
 */
public final class TrustOptions {

  /** The password of the dev trust store (dev-keys/README.md), documented for convenience. */
  static final String DEV_PASSWORD = "forkless-dev-only";

  private static final String DEV_CA = "DEV-ONLY-ca.pem";

  @Option(
      names = "--truststore",
      paramLabel = "FILE",
      description = "PKCS12 trust store of the certificates JAR signers must chain to.")
  @Nullable Path truststore;

  @Option(
      names = "--truststore-password",
      paramLabel = "PASSWORD",
      description = "The trust store's password (default: empty).")
  String password = "";

  @Option(
      names = "--dev",
      description =
          "Trust the DEVELOPMENT CA, as `forkless node --dev` does (never in production).")
  boolean dev;

  /**
   * The trust anchors chosen.
   *
   * @throws CliException if neither is given, or the trust store cannot be read
   */
  TrustAnchors anchors() {
    Path store = truststore;
    if (store != null) {
      TrustAnchors given;
      try {
        given = TrustAnchors.fromPkcs12(store, password.toCharArray());
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage(), e);
      }
      if (!dev) {
        return given;
      }
      // Both, as `forkless node --dev --trust-store FILE` trusts both.
      java.util.Set<X509Certificate> all = new java.util.LinkedHashSet<>(given.certificates());
      all.addAll(devAnchors().certificates());
      return TrustAnchors.of(all);
    }
    if (dev) {
      return devAnchors();
    }
    throw new CliException(
        "no trust store: give --truststore FILE --truststore-password P, or --dev to trust the"
            + " development CA");
  }

  /**
   * The trust anchors chosen, or the DEVELOPMENT CA when none is given and the node itself runs
   * with {@code --dev} ({@code nodeIsDev}).
   */
  TrustAnchors anchorsFor(boolean nodeIsDev) {
    return truststore == null && !dev && nodeIsDev ? devAnchors() : anchors();
  }

  /** The DEVELOPMENT CA, as bundled with the CLI. */
  static TrustAnchors devAnchors() {
    try (InputStream in = TrustOptions.class.getResourceAsStream(DEV_CA)) {
      if (in == null) {
        throw new IllegalStateException("the CLI is missing its resource " + DEV_CA);
      }
      X509Certificate ca =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      return TrustAnchors.of(List.of(ca));
    } catch (IOException | CertificateException e) {
      throw new IllegalStateException("cannot read the bundled " + DEV_CA + ": " + e, e);
    }
  }
}
