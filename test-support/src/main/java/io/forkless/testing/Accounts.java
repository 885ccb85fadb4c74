package io.forkless.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ed25519 accounts and signed transactions in the sample balances runtimes' format
 * (docs/state-encoding.md), for tests and harnesses. The node's CLI has its own encoder; a node
 * test checks the two agree.
 */
public final class Accounts {

  /** Version byte of the signed-transaction envelope. */
  public static final byte ENVELOPE_VERSION = 1;

  private Accounts() {}

  /**
   * An account: its name (as genesis may give it), key pair and raw 32-byte public key.
   *
   * @param name the genesis name
   * @param keys the Ed25519 key pair
   * @param publicKey the raw public key (the account's identity)
   */
  public record Account(String name, KeyPair keys, byte[] publicKey) {

    /** The public key as 64 lowercase hex characters. */
    public String hex() {
      return HexFormat.of().formatHex(publicKey);
    }

    /** A signed transaction of this account with {@code nonce} on {@code chainId}. */
    public byte[] sign(String chainId, long nonce, String call) {
      return Accounts.sign(this, chainId, nonce, call.getBytes(StandardCharsets.US_ASCII));
    }
  }

  /**
   * The dev account {@code name} (alice, bob, … or any name): key from seed SHA-256("forkless-dev-
   * account:" + name), as the node's {@code --dev} accounts.
   */
  public static Account dev(String name) {
    return DEV.computeIfAbsent(
        name,
        n -> fromSeed(n, sha256(("forkless-dev-account:" + n).getBytes(StandardCharsets.UTF_8))));
  }

  private static final java.util.concurrent.ConcurrentHashMap<String, Account> DEV =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Signs calls written the old, unsigned way ({@code "transfer alice bob 5"}, {@code "stake alice
   * 10"}, {@code "transfer_memo alice bob 1 hi"}): the second word names the dev account that
   * signs, the other words are the call, and each sender's nonces count up from 0 (or from where
   * {@link #setNonce} puts them). Not thread-safe.
   */
  public static final class Signer {
    private final String chainId;
    private final Map<String, Long> next = new java.util.HashMap<>();

    public Signer(String chainId) {
      this.chainId = chainId;
    }

    /** The signed envelope of {@code legacyText}, using the sender's next nonce. */
    public byte[] sign(String legacyText) {
      String[] words = legacyText.split(" ", -1);
      if (words.length < 3) {
        throw new IllegalArgumentException("expected 'KIND SENDER ...' but was " + legacyText);
      }
      String sender = words[1];
      List<String> call = new ArrayList<>(List.of(words));
      call.remove(1);
      long nonce = next.merge(sender, 1L, Long::sum) - 1;
      return dev(sender).sign(chainId, nonce, String.join(" ", call));
    }

    /** Sets the nonce {@code sender}'s next transaction uses (after a rejected one, say). */
    public void setNonce(String sender, long nonce) {
      next.put(sender, nonce);
    }
  }

  /** The account whose Ed25519 private key is the 32-byte {@code seed}. */
  public static Account fromSeed(String name, byte[] seed) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
      KeyPair keys = generator.generateKeyPair();
      byte[] encoded = keys.getPublic().getEncoded();
      return new Account(
          name, keys, Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  /**
   * A balances runtime genesis section naming each account with its balance: {@code accounts =
   * [{name, public_key, balance}, …]}.
   */
  public static Map<String, Object> genesis(Map<Account, Long> balances) {
    List<Object> accounts = new ArrayList<>();
    balances.forEach(
        (account, balance) -> {
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("name", account.name());
          entry.put("public_key", account.hex());
          entry.put("balance", balance);
          accounts.add(entry);
        });
    return Map.of("accounts", List.copyOf(accounts));
  }

  /** {@link #genesis(Map)} of dev accounts by name. */
  public static Map<String, Object> devGenesis(Map<String, Long> balances) {
    Map<Account, Long> byAccount = new LinkedHashMap<>();
    new java.util.TreeMap<>(balances).forEach((name, b) -> byAccount.put(dev(name), b));
    return genesis(byAccount);
  }

  /**
   * Like {@link #devGenesis(Map)}, but only the names {@code signs} accepts get dev keys (which are
   * slow to derive); the others get a synthetic key nobody can sign for: for genesis states with
   * very many accounts.
   */
  public static Map<String, Object> devGenesis(
      Map<String, Long> balances, java.util.function.Predicate<String> signs) {
    List<Object> accounts = new ArrayList<>();
    new java.util.TreeMap<>(balances)
        .forEach(
            (name, balance) -> {
              byte[] key =
                  signs.test(name)
                      ? dev(name).publicKey()
                      : sha256(
                          ("forkless-synthetic-account:" + name).getBytes(StandardCharsets.UTF_8));
              accounts.add(
                  Map.of(
                      "name",
                      name,
                      "public_key",
                      HexFormat.of().formatHex(key),
                      "balance",
                      balance));
            });
    return Map.of("accounts", List.copyOf(accounts));
  }

  /**
   * The bytes the sender signs: chain id length (1 byte), chain id (ASCII), nonce (8 bytes,
   * big-endian), call.
   */
  public static byte[] signedMessage(String chainId, long nonce, byte[] call) {
    byte[] id = chainId.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[1 + id.length + 8 + call.length];
    out[0] = (byte) id.length;
    System.arraycopy(id, 0, out, 1, id.length);
    putLong(out, 1 + id.length, nonce);
    System.arraycopy(call, 0, out, 1 + id.length + 8, call.length);
    return out;
  }

  /**
   * The envelope: version 0x01, chain id length, chain id, public key (32), nonce (8), signature
   * (64), call.
   */
  public static byte[] sign(Account account, String chainId, long nonce, byte[] call) {
    byte[] signature = signature(account, signedMessage(chainId, nonce, call));
    return envelope(chainId, account.publicKey(), nonce, signature, call);
  }

  /** An envelope with the given parts (for tests that forge one part). */
  public static byte[] envelope(
      String chainId, byte[] publicKey, long nonce, byte[] signature, byte[] call) {
    byte[] id = chainId.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[2 + id.length + 32 + 8 + signature.length + call.length];
    int at = 0;
    out[at++] = ENVELOPE_VERSION;
    out[at++] = (byte) id.length;
    System.arraycopy(id, 0, out, at, id.length);
    at += id.length;
    System.arraycopy(publicKey, 0, out, at, 32);
    at += 32;
    putLong(out, at, nonce);
    at += 8;
    System.arraycopy(signature, 0, out, at, signature.length);
    at += signature.length;
    System.arraycopy(call, 0, out, at, call.length);
    return out;
  }

  /** {@code account}'s Ed25519 signature of {@code message}. */
  public static byte[] signature(Account account, byte[] message) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(account.keys().getPrivate());
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void putLong(byte[] out, int offset, long value) {
    for (int i = 7; i >= 0; i--) {
      out[offset + i] = (byte) value;
      value >>>= 8;
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Hands the key generator exactly the seed. */
  private static final class SeedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;
    private int offset;

    SeedRandom(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      System.arraycopy(seed, offset, bytes, 0, bytes.length);
      offset += bytes.length;
    }
  }
}
