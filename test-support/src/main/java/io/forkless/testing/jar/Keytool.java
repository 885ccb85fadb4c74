package io.forkless.testing.jar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes signing keys and certificates with the JDK's {@code keytool} binary (the JDK's certificate
 * classes are internal): {@code Keytool.in(dir).key("untrusted").rsa(2048).create()}. Every key
 * store it writes lives in {@code dir} with the password {@value #PASSWORD}. By default a key is
 * RSA 2048, valid from 2025-01-02 for 10 years, and self-signed.
 */
public final class Keytool {

  public static final String PASSWORD = "test-only-password";

  private final Path dir;
  private String alias = "signer";
  private String keyAlgorithm = "RSA";
  private int keySize = 2048;
  private String startDate = "2025/01/02 00:00:00";
  private int validityDays = 3650;
  private Optional<Issuer> issuer = Optional.empty();

  private record Issuer(Path store, String alias, char[] password) {}

  private Keytool(Path dir) {
    this.dir = dir;
  }

  /** A key whose stores are written to {@code dir}. */
  public static Keytool in(Path dir) {
    return new Keytool(dir);
  }

  /** The key's alias and file name; must be unique in the folder. */
  public Keytool key(String name) {
    this.alias = name;
    return this;
  }

  /** An RSA key of {@code bits} (default RSA 2048). */
  public Keytool rsa(int bits) {
    this.keyAlgorithm = "RSA";
    this.keySize = bits;
    return this;
  }

  /**
   * Validity start in keytool's syntax: {@code -1d}, {@code +100d}, {@code 2020/01/01 00:00:00}.
   */
  public Keytool startDate(String start) {
    this.startDate = start;
    return this;
  }

  /** Validity length in days from the start date. */
  public Keytool validityDays(int days) {
    this.validityDays = days;
    return this;
  }

  /**
   * Issue the certificate from the CA key entry {@code alias} of {@code store} (default
   * self-signed).
   */
  public Keytool issuedBy(Path store, String caAlias, char[] password) {
    this.issuer = Optional.of(new Issuer(store, caAlias, password.clone()));
    return this;
  }

  /** Runs keytool and returns the new key with its chain (leaf, then the issuer's chain). */
  public SigningIdentity create() {
    Path store = dir.resolve(alias + ".p12");
    run(
        "-genkeypair",
        "-alias",
        alias,
        "-keyalg",
        keyAlgorithm,
        "-keysize",
        String.valueOf(keySize),
        "-sigalg",
        "SHA256withRSA",
        "-dname",
        "CN=" + alias + ", O=Forkless tests",
        "-startdate",
        startDate,
        "-validity",
        String.valueOf(validityDays),
        "-keystore",
        store.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    SigningIdentity self = SigningIdentity.fromPkcs12(store, alias, PASSWORD.toCharArray());
    if (issuer.isEmpty()) {
      return self;
    }
    Issuer ca = issuer.get();
    Path request = dir.resolve(alias + ".csr");
    Path issued = dir.resolve(alias + ".crt");
    run(
        "-certreq",
        "-alias",
        alias,
        "-keystore",
        store.toString(),
        "-storepass",
        PASSWORD,
        "-file",
        request.toString());
    run(
        "-gencert",
        "-alias",
        ca.alias(),
        "-keystore",
        ca.store().toString(),
        "-storepass",
        new String(ca.password()),
        "-infile",
        request.toString(),
        "-outfile",
        issued.toString(),
        "-startdate",
        startDate,
        "-validity",
        String.valueOf(validityDays),
        "-ext",
        "ku:c=digitalSignature",
        "-ext",
        "eku=codeSigning");
    SigningIdentity caIdentity = SigningIdentity.fromPkcs12(ca.store(), ca.alias(), ca.password());
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(readCertificate(issued));
    chain.addAll(caIdentity.chain());
    return new SigningIdentity(self.key(), chain);
  }

  private static X509Certificate readCertificate(Path file) {
    try (var in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (IOException | CertificateException e) {
      throw new IllegalStateException("cannot read certificate " + file, e);
    }
  }

  private static void run(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.add("-noprompt");
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IllegalStateException("keytool failed: " + command + "\n" + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run keytool", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }
}
