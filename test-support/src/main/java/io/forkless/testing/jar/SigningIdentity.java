package io.forkless.testing.jar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A private key and its certificate chain (leaf first): what signs a {@link TestJar}.
 *
 * @param key the signing key
 * @param chain the signer's certificate, then its issuers
 */
public record SigningIdentity(PrivateKey key, List<X509Certificate> chain) {

  public SigningIdentity {
    chain = List.copyOf(chain);
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a signing identity needs a certificate");
    }
  }

  /** The key entry {@code alias} of a PKCS12 key store, with its stored chain. */
  public static SigningIdentity fromPkcs12(Path store, String alias, char[] password) {
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, password);
      PrivateKey key = (PrivateKey) keys.getKey(alias, password);
      if (key == null) {
        throw new IllegalArgumentException("no key entry " + alias + " in " + store);
      }
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate cert : keys.getCertificateChain(alias)) {
        chain.add((X509Certificate) cert);
      }
      return new SigningIdentity(key, chain);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read key " + alias + " from " + store, e);
    }
  }

  /** The signer's certificate. */
  public X509Certificate certificate() {
    return chain.get(0);
  }
}
