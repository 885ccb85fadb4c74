package io.forkless.host.loader;

import com.google.common.collect.ImmutableSet;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Checks of the signer's certificate chain (leaf first): key strength, key usage, validity, PKIX.
 */
final class SignerChain {

  private static final int MIN_RSA_DSA_BITS = 2048;
  private static final int MIN_EC_BITS = 256;
  private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
  private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";

  private SignerChain() {}

  /** Weak keys anywhere in the chain, and a leaf not allowed to sign code. */
  static List<String> keyProblems(List<X509Certificate> certs) {
    List<String> problems = new ArrayList<>();
    for (X509Certificate cert : certs) {
      PublicKey key = cert.getPublicKey();
      int bits = -1;
      int minimum = MIN_RSA_DSA_BITS;
      if (key instanceof RSAKey) {
        bits = ((RSAKey) key).getModulus().bitLength();
      } else if (key instanceof DSAKey) {
        bits = ((DSAKey) key).getParams().getP().bitLength();
      } else if (key instanceof ECKey) {
        bits = ((ECKey) key).getParams().getOrder().bitLength();
        minimum = MIN_EC_BITS;
      }
      if (bits >= 0 && bits < minimum) {
        problems.add(
            "weak key: "
                + subject(cert)
                + " has a "
                + bits
                + "-bit "
                + key.getAlgorithm()
                + " key; at least "
                + minimum
                + " bits are required");
      }
    }
    checkKeyUsage(certs.get(0), problems);
    return problems;
  }

  private static void checkKeyUsage(X509Certificate leaf, List<String> problems) {
    try {
      List<String> usages = leaf.getExtendedKeyUsage();
      if (usages != null
          && !usages.contains(CODE_SIGNING)
          && !usages.contains(ANY_EXTENDED_KEY_USAGE)) {
        problems.add(
            "the signer "
                + subject(leaf)
                + " is not allowed to sign code (no codeSigning extended key usage)");
      }
    } catch (CertificateParsingException e) {
      problems.add("the signer's extended key usage cannot be parsed: " + e.getMessage());
    }
  }

  /**
   * Every certificate valid at the decision time, and the chain valid under PKIX against the pinned
   * anchors at that time (revocation off: a decision must not depend on the network).
   */
  static List<String> pathProblems(
      List<X509Certificate> certs, TrustAnchors trust, Instant decisionTime) {
    List<String> problems = new ArrayList<>();
    Date at = Date.from(decisionTime);
    for (X509Certificate cert : certs) {
      try {
        cert.checkValidity(at);
      } catch (CertificateExpiredException e) {
        problems.add(
            "the certificate "
                + subject(cert)
                + " expired at "
                + cert.getNotAfter().toInstant()
                + ", before the decision time "
                + decisionTime);
        return problems;
      } catch (CertificateNotYetValidException e) {
        problems.add(
            "the certificate "
                + subject(cert)
                + " is not valid until "
                + cert.getNotBefore().toInstant()
                + ", after the decision time "
                + decisionTime);
        return problems;
      }
    }
    // The anchor itself does not belong in the path PKIX validates.
    List<X509Certificate> path = new ArrayList<>(certs);
    ImmutableSet<X509Certificate> anchors = trust.certificates();
    while (path.size() > 1 && anchors.contains(path.get(path.size() - 1))) {
      path.remove(path.size() - 1);
    }
    try {
      CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters parameters = new PKIXParameters(trust.anchors());
      parameters.setRevocationEnabled(false);
      parameters.setDate(at);
      CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
    } catch (CertPathValidatorException e) {
      problems.add(
          "the signer "
              + subject(certs.get(0))
              + " does not chain to a trusted certificate at "
              + decisionTime
              + " ("
              + e.getMessage()
              + "); trusted: "
              + anchors.stream().map(SignerChain::subject).toList());
    } catch (GeneralSecurityException e) {
      problems.add("the signer's certificate chain cannot be validated: " + e.getMessage());
    }
    return problems;
  }

  static String subject(X509Certificate cert) {
    return cert.getSubjectX500Principal().getName();
  }
}
