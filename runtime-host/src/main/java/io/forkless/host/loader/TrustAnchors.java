package io.forkless.host.loader;

import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Collections;

/**
 * The certificates a node trusts to sign runtime and migration-plugin JARs: pinned explicitly,
 * never the JDK's {@code cacerts}. Immutable and thread-safe.
 */
public final class TrustAnchors {

  private final ImmutableSet<X509Certificate> certificates;

  private TrustAnchors(ImmutableSet<X509Certificate> certificates) {
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("a trust store needs at least one certificate");
    }
    this.certificates = certificates;
  }

  /**
   * The trusted certificates of a PKCS12 file.
   *
   * @throws IllegalArgumentException if the file cannot be read, the password is wrong, or it holds
   *     no certificate
   */
  public static TrustAnchors fromPkcs12(Path file, char[] password) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      return of(store);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read trust store " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Every certificate in a key store (trusted-certificate entries, and the certificate of any key
   * entry).
   *
   * @throws IllegalArgumentException if the store holds no X.509 certificate
   */
  public static TrustAnchors of(KeyStore store) {
    try {
      ImmutableSet.Builder<X509Certificate> certs = ImmutableSet.builder();
      for (String alias : Collections.list(store.aliases())) {
        Certificate cert = store.getCertificate(alias);
        if (cert instanceof X509Certificate) {
          certs.add((X509Certificate) cert);
        }
      }
      return new TrustAnchors(certs.build());
    } catch (KeyStoreException e) {
      throw new IllegalArgumentException("cannot read trust store: " + e.getMessage(), e);
    }
  }

  /**
   * Exactly these certificates.
   *
   * @throws IllegalArgumentException if the collection is empty
   */
  public static TrustAnchors of(Collection<X509Certificate> certificates) {
    return new TrustAnchors(ImmutableSet.copyOf(certificates));
  }

  /** The trusted certificates. */
  public ImmutableSet<X509Certificate> certificates() {
    return certificates;
  }

  ImmutableSet<TrustAnchor> anchors() {
    ImmutableSet.Builder<TrustAnchor> anchors = ImmutableSet.builder();
    for (X509Certificate cert : certificates) {
      anchors.add(new TrustAnchor(cert, null));
    }
    return anchors.build();
  }

  @Override
  public String toString() {
    return "TrustAnchors"
        + certificates.stream().map(c -> c.getSubjectX500Principal().getName()).toList();
  }
}
