package io.forkless.host.loader;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the algorithms out of a PKCS#7 signature block ({@code META-INF/*.RSA|DSA|EC}, RFC 2315
 * section 9.1) with a minimal DER walk. The JDK silently treats a JAR signed with a disabled
 * algorithm as unsigned; reading the algorithms here lets the verifier name them instead.
 */
final class SignatureBlock {

  /** Weak digest and signature algorithms, by OID. */
  private static final ImmutableMap<String, String> WEAK =
      ImmutableMap.<String, String>builder()
          .put("1.2.840.113549.2.2", "MD2")
          .put("1.2.840.113549.2.5", "MD5")
          .put("1.3.14.3.2.26", "SHA-1")
          .put("1.2.840.113549.1.1.2", "MD2withRSA")
          .put("1.2.840.113549.1.1.4", "MD5withRSA")
          .put("1.2.840.113549.1.1.5", "SHA1withRSA")
          .put("1.3.14.3.2.29", "SHA1withRSA")
          .put("1.2.840.10040.4.3", "SHA1withDSA")
          .put("1.2.840.10045.4.1", "SHA1withECDSA")
          .build();

  private final byte[] der;

  private SignatureBlock(byte[] der) {
    this.der = der;
  }

  /**
   * The weak algorithms the block's digestAlgorithms and signerInfos name, or empty if the block
   * cannot be parsed (the JDK then reports it).
   */
  static Optional<ImmutableList<String>> weakAlgorithms(byte[] block) {
    try {
      List<String> weak = new ArrayList<>();
      for (String oid : new SignatureBlock(block).algorithmOids()) {
        String name = WEAK.get(oid);
        if (name != null && !weak.contains(name)) {
          weak.add(name);
        }
      }
      return Optional.of(ImmutableList.copyOf(weak));
    } catch (IndexOutOfBoundsException | IllegalStateException e) {
      return Optional.empty();
    }
  }

  /** A DER element: tag, and where its content starts and ends. */
  private record Tlv(int tag, int start, int end) {}

  private Tlv at(int p, int limit) {
    int tag = der[p] & 0xFF;
    int length = der[p + 1] & 0xFF;
    int start = p + 2;
    if (length > 0x80 && length <= 0x84) {
      int bytes = length - 0x80;
      length = 0;
      for (int i = 0; i < bytes; i++) {
        length = (length << 8) | (der[start + i] & 0xFF);
      }
      start += bytes;
    } else if (length >= 0x80) {
      throw new IllegalStateException("indefinite or oversized DER length");
    }
    if (length < 0 || start + length > limit) {
      throw new IllegalStateException("DER element runs past its parent");
    }
    return new Tlv(tag, start, start + length);
  }

  private List<Tlv> children(Tlv parent) {
    List<Tlv> children = new ArrayList<>();
    for (int p = parent.start(); p < parent.end(); ) {
      Tlv child = at(p, parent.end());
      children.add(child);
      p = child.end();
    }
    return children;
  }

  private List<String> algorithmOids() {
    Tlv contentInfo = at(0, der.length);
    Tlv explicit = children(contentInfo).get(1);
    List<Tlv> signedData = children(children(explicit).get(0));
    List<String> oids = new ArrayList<>();
    for (Tlv algorithm : children(signedData.get(1))) {
      oids.add(oid(children(algorithm).get(0)));
    }
    for (Tlv signerInfo : children(signedData.get(signedData.size() - 1))) {
      // version, issuerAndSerialNumber, digestAlgorithm, [0] attributes?, digestEncryptionAlgorithm
      List<Tlv> fields = children(signerInfo);
      oids.add(oid(children(fields.get(2)).get(0)));
      Tlv encryption = fields.get(3).tag() == 0xA0 ? fields.get(4) : fields.get(3);
      oids.add(oid(children(encryption).get(0)));
    }
    return oids;
  }

  private String oid(Tlv tlv) {
    if (tlv.tag() != 0x06) {
      throw new IllegalStateException("expected an OID");
    }
    StringBuilder text = new StringBuilder();
    long value = 0;
    boolean first = true;
    for (int p = tlv.start(); p < tlv.end(); p++) {
      value = (value << 7) | (der[p] & 0x7F);
      if ((der[p] & 0x80) == 0) {
        if (first) {
          long arc = Math.min(value / 40, 2);
          text.append(arc).append('.').append(value - 40 * arc);
          first = false;
        } else {
          text.append('.').append(value);
        }
        value = 0;
      }
    }
    return text.toString();
  }
}
