package io.forkless.host.loader;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/**
 * The signature check, {@code jarsigner -verify -strict} semantics and stricter: run only on bytes
 * that passed {@link ArchiveShape}. Reads every entry to the end through {@link JarInputStream}
 * (which verifies an entry's digest only then), and checks what the JDK leaves to the caller: one
 * signer, no unsigned entry, no weak algorithm, no entry listed in the signature file but missing,
 * and the signer's chain validated with PKIX against pinned anchors at the decision time.
 */
final class JarSignature {

  /** What the check found; the entries and chain are meaningful only when no problem was found. */
  record Outcome(
      ImmutableMap<String, String> mainAttributes,
      ImmutableSortedMap<String, byte[]> files,
      ImmutableList<X509Certificate> signerChain,
      ImmutableList<String> problems) {}

  private static final Set<String> STRONG_DIGESTS =
      Set.of(
          "SHA-256",
          "SHA-384",
          "SHA-512",
          "SHA-512/224",
          "SHA-512/256",
          "SHA3-256",
          "SHA3-384",
          "SHA3-512");

  private final TrustAnchors trust;
  private final Instant decisionTime;
  private final List<String> problems = new ArrayList<>();
  private final Map<String, String> mainAttributes = new LinkedHashMap<>();
  private final Map<String, byte[]> files = new TreeMap<>();
  private final Map<String, byte[]> signatureFiles = new TreeMap<>();
  private final Map<String, byte[]> signatureBlocks = new TreeMap<>();
  private final Set<String> present = new LinkedHashSet<>();
  private final Map<String, CodeSigner[]> signed = new LinkedHashMap<>();
  private final List<String> unsigned = new ArrayList<>();
  private final Map<String, String> tampered = new LinkedHashMap<>();
  private boolean weakAlgorithm;
  private ImmutableList<X509Certificate> chain = ImmutableList.of();

  private JarSignature(TrustAnchors trust, Instant decisionTime) {
    this.trust = trust;
    this.decisionTime = decisionTime;
  }

  static Outcome check(
      byte[] zip, ArchiveShape.Result shape, TrustAnchors trust, Instant decisionTime) {
    JarSignature check = new JarSignature(trust, decisionTime);
    check.run(zip, shape);
    return new Outcome(
        ImmutableMap.copyOf(check.mainAttributes),
        ImmutableSortedMap.copyOf(check.files),
        check.chain,
        ImmutableList.copyOf(check.problems));
  }

  private void run(byte[] zip, ArchiveShape.Result shape) {
    Map<String, Long> declared = new HashMap<>();
    shape.entries().forEach(e -> declared.put(e.name(), e.size()));
    Manifest manifest;
    try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(zip), true)) {
      manifest = in.getManifest();
      if (manifest == null) {
        problems.add(
            "the JAR is not signed: it has no " + ArchiveShape.MANIFEST + " as its first entry");
        return;
      }
      shape.manifest().ifPresent(bytes -> files.put(ArchiveShape.MANIFEST, bytes));
      manifest
          .getMainAttributes()
          .forEach((k, v) -> mainAttributes.put(k.toString(), v.toString()));
      if ("true".equalsIgnoreCase(manifest.getMainAttributes().getValue("Multi-Release"))) {
        problems.add(
            "the manifest declares Multi-Release: true: version-specific class overrides are not"
                + " allowed");
      }
      readEntries(in, declared);
    } catch (IOException | SecurityException e) {
      problems.add("corrupt or unreadable JAR: " + e.getMessage());
      return;
    }
    checkSignatureFiles(manifest);
    checkSigners(manifest);
  }

  private void readEntries(JarInputStream in, Map<String, Long> declared) throws IOException {
    for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
      String name = entry.getName();
      present.add(name);
      byte[] bytes;
      try {
        bytes = readBounded(in, name, declared.getOrDefault(name, 0L));
      } catch (SecurityException e) {
        if (isSignatureRelated(name.toUpperCase(Locale.ROOT))) {
          // The JDK refuses a signature block whose signature over the .SF does not verify.
          signatureBlocks.put(name, new byte[0]);
        } else {
          tampered.put(name, String.valueOf(e.getMessage()));
        }
        continue;
      }
      if (entry.isDirectory()) {
        continue;
      }
      files.put(name, bytes);
      String upper = name.toUpperCase(Locale.ROOT);
      if (isSignatureRelated(upper)) {
        (upper.endsWith(".SF") ? signatureFiles : signatureBlocks).put(name, bytes);
        continue;
      }
      CodeSigner[] signers = entry.getCodeSigners();
      if (signers == null || signers.length == 0) {
        unsigned.add(name);
      } else {
        signed.put(name, signers);
      }
    }
  }

  /** Reads an entry to its end (so its digest is verified), refusing more than it declared. */
  private static byte[] readBounded(InputStream in, String name, long declaredSize)
      throws IOException {
    byte[] bytes = in.readNBytes((int) declaredSize);
    if (in.read() != -1) {
      throw new IOException(
          "entry " + name + " inflates past its declared size of " + declaredSize + " bytes");
    }
    if (bytes.length != declaredSize) {
      throw new IOException(
          "entry "
              + name
              + " inflates to "
              + bytes.length
              + " bytes, not the declared "
              + declaredSize);
    }
    return bytes;
  }

  /** The manifest, a signature file, a signature block, or SIG-*: not themselves signed. */
  private static boolean isSignatureRelated(String upperName) {
    if (!upperName.startsWith("META-INF/") || upperName.indexOf('/', 9) >= 0) {
      return false;
    }
    return upperName.equals(ArchiveShape.MANIFEST)
        || upperName.endsWith(".SF")
        || upperName.endsWith(".RSA")
        || upperName.endsWith(".DSA")
        || upperName.endsWith(".EC")
        || upperName.startsWith("META-INF/SIG-");
  }

  private void checkSignatureFiles(Manifest manifest) {
    if (signatureFiles.isEmpty()) {
      problems.add(
          "the JAR is not signed: it has no signature file (META-INF/*.SF); sign it with jarsigner");
      return;
    }
    if (signatureFiles.size() > 1 || signatureBlocks.size() > 1) {
      problems.add(
          "the JAR has "
              + Math.max(signatureFiles.size(), signatureBlocks.size())
              + " signers ("
              + String.join(", ", signatureFiles.keySet())
              + "): exactly one signer is allowed");
    }
    Set<String> weakDigests = new LinkedHashSet<>();
    collectDigestAlgorithms(manifest.getEntries().values(), weakDigests, ArchiveShape.MANIFEST);
    for (Map.Entry<String, byte[]> sf : signatureFiles.entrySet()) {
      Manifest parsed;
      try {
        parsed = new Manifest(new ByteArrayInputStream(sf.getValue()));
      } catch (IOException e) {
        problems.add("signature file " + sf.getKey() + " cannot be parsed: " + e.getMessage());
        continue;
      }
      collectDigestAlgorithms(List.of(parsed.getMainAttributes()), weakDigests, sf.getKey());
      collectDigestAlgorithms(parsed.getEntries().values(), weakDigests, sf.getKey());
      for (String listed : parsed.getEntries().keySet()) {
        if (!present.contains(listed)) {
          problems.add(
              "signature file "
                  + sf.getKey()
                  + " lists "
                  + listed
                  + ", which is not in the archive (removed after signing)");
        }
      }
    }
    weakDigests.forEach(problems::add);
    weakAlgorithm = !weakDigests.isEmpty();
    for (Map.Entry<String, byte[]> block : signatureBlocks.entrySet()) {
      Optional<ImmutableList<String>> weak = SignatureBlock.weakAlgorithms(block.getValue());
      if (weak.isPresent() && !weak.get().isEmpty()) {
        weakAlgorithm = true;
        problems.add(
            "signature block "
                + block.getKey()
                + " uses the weak algorithm "
                + String.join(", ", weak.get())
                + ": re-sign with SHA-256 or stronger (jarsigner -digestalg SHA-256 -sigalg"
                + " SHA256withRSA)");
      }
    }
  }

  private static void collectDigestAlgorithms(
      Iterable<Attributes> sections, Set<String> weak, String file) {
    for (Attributes section : sections) {
      for (Object key : section.keySet()) {
        String attribute = key.toString();
        int at = attribute.toUpperCase(Locale.ROOT).indexOf("-DIGEST");
        if (at <= 0) {
          continue;
        }
        String algorithm = attribute.substring(0, at).toUpperCase(Locale.ROOT);
        if (!STRONG_DIGESTS.contains(algorithm)) {
          weak.add(
              "weak digest algorithm "
                  + algorithm
                  + " in "
                  + file
                  + ": re-sign with SHA-256 or stronger (jarsigner -digestalg SHA-256)");
        }
      }
    }
  }

  private void checkSigners(Manifest manifest) {
    tampered.forEach(
        (name, error) ->
            problems.add(
                "entry "
                    + name
                    + " does not match its signed digest (changed after signing): "
                    + error));
    if (signatureFiles.isEmpty()) {
      return;
    }
    // With a weak algorithm, or a signature file or block that does not verify, the JDK silently
    // treats every entry as unsigned: report the cause once, not each entry as a consequence.
    boolean signatureBroken = signed.isEmpty() && !unsigned.isEmpty();
    if (signatureBroken && !weakAlgorithm) {
      problems.add(
          "the signature ("
              + String.join(", ", signatureFiles.keySet())
              + ", "
              + String.join(", ", signatureBlocks.keySet())
              + ") does not verify: the signature file or block was changed after signing, or is"
              + " corrupt");
    }
    for (String name : weakAlgorithm || signatureBroken ? List.<String>of() : unsigned) {
      problems.add(
          manifest.getAttributes(name) == null
              ? "entry " + name + " is not signed: it is not in the manifest (added after signing)"
              : "entry "
                  + name
                  + " is not signed: the manifest lists it, but no signature file covers it");
    }
    Set<CodeSigner> signers = new LinkedHashSet<>();
    for (Map.Entry<String, CodeSigner[]> e : signed.entrySet()) {
      if (e.getValue().length > 1 && signatureFiles.size() == 1) {
        problems.add(
            "entry "
                + e.getKey()
                + " is signed by "
                + e.getValue().length
                + " signers: exactly one signer is allowed");
      }
      signers.addAll(List.of(e.getValue()));
    }
    if (signers.size() > 1 && signatureFiles.size() == 1) {
      problems.add("entries are signed by " + signers.size() + " signers: exactly one is allowed");
    }
    List<X509Certificate> certs =
        signers.isEmpty() ? blockCertificates() : signerCertificates(signers.iterator().next());
    if (certs.isEmpty()) {
      if (unsigned.isEmpty() && tampered.isEmpty() && problems.isEmpty()) {
        problems.add("the JAR's signature could not be verified: no entry carries a signer");
      }
      return;
    }
    chain = ImmutableList.copyOf(certs);
    problems.addAll(SignerChain.keyProblems(certs));
    if (!signers.isEmpty()) {
      problems.addAll(SignerChain.pathProblems(certs, trust, decisionTime));
    }
  }

  private static List<X509Certificate> signerCertificates(CodeSigner signer) {
    List<X509Certificate> certs = new ArrayList<>();
    for (Certificate cert : signer.getSignerCertPath().getCertificates()) {
      certs.add((X509Certificate) cert);
    }
    return certs;
  }

  /**
   * The certificates in the signature block, leaf first as jarsigner writes them: used to name the
   * signer and check its key when the JDK refused the signature and left no signer.
   */
  private List<X509Certificate> blockCertificates() {
    if (signatureBlocks.size() != 1) {
      return List.of();
    }
    try {
      List<X509Certificate> certs = new ArrayList<>();
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Certificate cert :
          factory.generateCertificates(
              new ByteArrayInputStream(signatureBlocks.values().iterator().next()))) {
        certs.add((X509Certificate) cert);
      }
      return certs;
    } catch (GeneralSecurityException e) {
      // Not parseable: the JDK found no signer either, which is reported already.
      return List.of();
    }
  }
}
