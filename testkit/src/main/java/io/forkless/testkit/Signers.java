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

  /** The system property naming a PKCS12 trust store for {@link #fromSystemProperties()}. */
  public static final String TRUST_STORE_PROPERTY = "forkless.trustStore";

  /** The system property holding that trust store's password. */
  public static final String TRUST_STORE_PASSWORD_PROPERTY = "forkless.trustStorePassword";

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

  /**
   * The signers a build names in system properties: the DEVELOPMENT CA, plus the trust store
   * {@value #TRUST_STORE_PROPERTY} (password {@value #TRUST_STORE_PASSWORD_PROPERTY}) when set and
   * not blank, as {@code forkless node --dev --trust-store FILE} trusts both.
   *
   * @throws IllegalArgumentException if the named store cannot be read
   */
  public static Signers fromSystemProperties() {
    String store = System.getProperty(TRUST_STORE_PROPERTY, "");
    if (store.isBlank()) {
      return devCa();
    }
    return devCa()
        .and(trustStore(Path.of(store), System.getProperty(TRUST_STORE_PASSWORD_PROPERTY, "")));
  }

  /** These signers and {@code other}'s. */
  public Signers and(Signers other) {
    java.util.Set<X509Certificate> all = new java.util.LinkedHashSet<>(anchors.certificates());
    all.addAll(other.anchors.certificates());
    return new Signers(TrustAnchors.of(all), description + " and " + other.description);
  }

  TrustAnchors anchors() {
    return anchors;
  }

  @Override
  public String toString() {
    return description;
  }
}
