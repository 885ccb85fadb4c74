package io.forkless.node.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code forkless keys signing}: a private code-signing CA and a JAR-signing key it issued, as the
 * node's trust rules want them (RSA 3072, SHA256withRSA, the signer with key usage digitalSignature
 * and extended key usage codeSigning), plus the trust store validators configure. Refuses to
 * overwrite any file.
 */
@Command(
    name = "signing",
    mixinStandardHelpOptions = true,
    description = {
      "Offline: makes a code-signing CA, a JAR-signing keystore issued by it, and the trust store"
          + " that nodes configure (node.trust_store, or `forkless node --dev --trust-store`).",
      "Writes NAME-ca.p12 (the CA's key: keep it offline), NAME-ca.pem, NAME-truststore.p12 (the CA"
          + " certificate only) and NAME-jar-signing.p12 (alias forkless-signer), all with"
          + " --password. Never overwrites a file."
    })
public final class KeysSigningCommand implements Callable<Integer> {

  /** The alias of the signing key in NAME-jar-signing.p12. */
  static final String SIGNER_ALIAS = "forkless-signer";

  private static final String CA_ALIAS = "forkless-ca";

  @Option(
      names = "--out",
      paramLabel = "DIR",
      required = true,
      description = "The folder to write into (created if missing).")
  Path out = Path.of("");

  @Option(
      names = "--name",
      paramLabel = "NAME",
      required = true,
      description = "Your organisation's short name, e.g. acme: file prefix and certificate names.")
  String name = "";

  @Option(
      names = "--password",
      paramLabel = "PASSWORD",
      required = true,
      description = "Password of every keystore written (at least 6 characters).")
  String password = "";

  @Option(
      names = "--validity-days",
      paramLabel = "DAYS",
      description = "How long the certificates are valid. Default: 1825 (five years)")
  int validityDays = 1825;

  @Option(names = "--json", description = "Print the files written as JSON.")
  boolean json;

  @Spec CommandSpec spec = CommandSpec.create();

  @Override
  public Integer call() {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,31}")) {
      throw new CliException(
          "--name must be 1..32 letters, digits, '-' or '_' (it prefixes file names) but was '"
              + name
              + "'");
    }
    if (password.length() < 6) {
      throw new CliException("--password must have at least 6 characters (keytool's minimum)");
    }
    if (validityDays < 1) {
      throw new CliException("--validity-days must be at least 1 but was " + validityDays);
    }
    Path ca = out.resolve(name + "-ca.p12");
    Path caPem = out.resolve(name + "-ca.pem");
    Path trust = out.resolve(name + "-truststore.p12");
    Path signing = out.resolve(name + "-jar-signing.p12");
    Path request = out.resolve(name + "-jar-signing.csr");
    Path issued = out.resolve(name + "-jar-signing.pem");
    for (Path p : new Path[] {ca, caPem, trust, signing, request, issued}) {
      if (Files.exists(p)) {
        throw new CliException(p + " already exists: choose another --out or --name");
      }
    }
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new CliException("cannot create " + out + ": " + e.getMessage(), e);
    }
    String days = String.valueOf(validityDays);
    // Valid from yesterday, so validators whose clocks lag a little accept a fresh key.
    String start = "-1d";
    Keytool.run(
        "-genkeypair",
        "-alias",
        CA_ALIAS,
        "-keyalg",
        "RSA",
        "-keysize",
        "3072",
        "-sigalg",
        "SHA256withRSA",
        "-dname",
        "CN=" + name + " Forkless code-signing CA, O=" + name,
        "-ext",
        "bc:c",
        "-ext",
        "ku:c=keyCertSign,cRLSign",
        "-startdate",
        start,
        "-validity",
        days,
        "-keystore",
        ca.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        password);
    Keytool.run(
        "-exportcert",
        "-rfc",
        "-alias",
        CA_ALIAS,
        "-keystore",
        ca.toString(),
        "-storepass",
        password,
        "-file",
        caPem.toString());
    Keytool.run(
        "-importcert",
        "-alias",
        CA_ALIAS,
        "-file",
        caPem.toString(),
        "-keystore",
        trust.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        password);
    Keytool.run(
        "-genkeypair",
        "-alias",
        SIGNER_ALIAS,
        "-keyalg",
        "RSA",
        "-keysize",
        "3072",
        "-sigalg",
        "SHA256withRSA",
        "-dname",
        "CN=" + name + " runtime signer, O=" + name,
        "-startdate",
        start,
        "-validity",
        days,
        "-keystore",
        signing.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        password);
    Keytool.run(
        "-certreq",
        "-alias",
        SIGNER_ALIAS,
        "-keystore",
        signing.toString(),
        "-storepass",
        password,
        "-file",
        request.toString());
    Keytool.run(
        "-gencert",
        "-alias",
        CA_ALIAS,
        "-keystore",
        ca.toString(),
        "-storepass",
        password,
        "-infile",
        request.toString(),
        "-outfile",
        issued.toString(),
        "-rfc",
        "-startdate",
        start,
        "-validity",
        days,
        "-ext",
        "ku:c=digitalSignature",
        "-ext",
        "eku=codeSigning");
    Keytool.run(
        "-importcert",
        "-alias",
        CA_ALIAS,
        "-file",
        caPem.toString(),
        "-keystore",
        signing.toString(),
        "-storepass",
        password);
    Keytool.run(
        "-importcert",
        "-alias",
        SIGNER_ALIAS,
        "-file",
        issued.toString(),
        "-keystore",
        signing.toString(),
        "-storepass",
        password);
    deleteQuietly(request);
    deleteQuietly(issued);
    PrintWriter o = spec.commandLine().getOut();
    if (json) {
      ObjectNode n = Json.object();
      n.put("ca", ca.toString());
      n.put("caCertificate", caPem.toString());
      n.put("trustStore", trust.toString());
      n.put("signingKeystore", signing.toString());
      n.put("signerAlias", SIGNER_ALIAS);
      o.println(Json.write(n));
    } else {
      o.printf("CA key        %s   (keep it offline: it vouches for every JAR you ship)%n", ca);
      o.printf("CA cert       %s%n", caPem);
      o.printf("trust store   %s   (node.trust_store, or --dev --trust-store)%n", trust);
      o.printf("signing key   %s   (alias %s)%n", signing, SIGNER_ALIAS);
      o.printf(
          "sign with     mvn verify -Dforkless.sign.keystore=%s -Dforkless.sign.alias=%s"
              + " -Dforkless.sign.storepass=...%n",
          signing.toAbsolutePath(), SIGNER_ALIAS);
    }
    o.flush();
    return 0;
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // A leftover request or certificate file holds nothing secret.
    }
  }
}
