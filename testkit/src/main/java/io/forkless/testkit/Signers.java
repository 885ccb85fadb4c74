package io.forkless.testkit;

import io.forkless.host.loader.TrustAnchors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Which JAR signers a {@link TestChain} trusts, as a node's trust store does: the DEVELOPMENT CA
 * (what {@code forkless node --dev} trusts), or a PKCS12 trust store of your own. Immutable.
 */
public final class Signers {

  private static final String DEV_CA = "DEV-ONLY-ca.pem";

  private final TrustAnchors anchors;
  private final String description;

  private Signers(TrustAnchors anchors, String description) {
    this.anchors = anchors;
    this.description = description;
  }

  /** The DEVELOPMENT CA, whose key is public: what {@code forkless node --dev} trusts. */
  public static Signers devCa() {
    try (InputStream in = Signers.class.getResourceAsStream(DEV_CA)) {
      if (in == null) {
        throw new IllegalStateException("the test kit is missing its resource " + DEV_CA);
      }
      X509Certificate ca =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      return new Signers(TrustAnchors.of(List.of(ca)), "the DEVELOPMENT CA");
    } catch (IOException | CertificateException e) {
      throw new IllegalStateException("cannot read the bundled " + DEV_CA + ": " + e, e);
    }
  }

  /**
   * Every certificate in a PKCS12 trust store, e.g. one made by {@code forkless keys ca}.
   *
   * @throws IllegalArgumentException if the file cannot be read or the password is wrong
   */
  public static Signers trustStore(Path pkcs12, String password) {
    return new Signers(
        TrustAnchors.fromPkcs12(pkcs12, password.toCharArray()), "trust store " + pkcs12);
  }

  TrustAnchors anchors() {
    return anchors;
  }

  @Override
  public String toString() {
    return description;
  }
}
