package io.forkless.host.chain;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.codec.ChainCodec;
import io.forkless.host.codec.ChainReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A block header. Canonical encoding (big-endian): {@code u8 format=1, u32 len + UTF-8 chainId, i64
 * height, 32 parentHash, i64 timestampMillis, 32 txRoot, 32 stateRoot, i32 major, i32 minor, i32
 * patch, 32 runtimeCodeHash}. The block hash is SHA-256 of that encoding.
 *
 * @param chainId the chain's name, from the genesis configuration
 * @param height 0 for genesis
 * @param parentHash the previous block's hash; 32 zero bytes for genesis
 * @param timestampMillis the producer's timestamp, never before the parent's
 * @param txRoot {@link #txRoot(List)} of the block's transactions
 * @param stateRoot the state root after executing the block
 * @param runtimeVersion the version of the runtime that executed the block's runtime transactions
 * @param runtimeCodeHash the code hash of that runtime
 */
public record BlockHeader(
    String chainId,
    long height,
    HashCode parentHash,
    long timestampMillis,
    HashCode txRoot,
    HashCode stateRoot,
    RuntimeVersion runtimeVersion,
    HashCode runtimeCodeHash) {

  private static final int MAX_CHAIN_ID_BYTES = ChainCodec.MAX_CHAIN_ID_BYTES;

  /** The parent hash of the genesis block. */
  public static final HashCode GENESIS_PARENT = HashCode.fromBytes(new byte[32]);

  /**
   * @throws IllegalArgumentException if height is negative, a hash is not 256 bits or the chain id
   *     is blank or longer than 256 bytes
   */
  public BlockHeader {
    if (height < 0) {
      throw new IllegalArgumentException("height must be >= 0 but was " + height);
    }
    if (chainId.isBlank() || chainId.getBytes(StandardCharsets.UTF_8).length > MAX_CHAIN_ID_BYTES) {
      throw new IllegalArgumentException(
          "chain id must be 1.." + MAX_CHAIN_ID_BYTES + " bytes but was \"" + chainId + "\"");
    }
    ChainReader.checkSha256(parentHash, "parentHash");
    ChainReader.checkSha256(txRoot, "txRoot");
    ChainReader.checkSha256(stateRoot, "stateRoot");
    ChainReader.checkSha256(runtimeCodeHash, "runtimeCodeHash");
  }

  /** SHA-256 over {@code u32 count || hash(tx_1) || ... || hash(tx_n)}. */
  public static HashCode txRoot(List<Transaction> transactions) {
    var hasher = Hashing.sha256().newHasher();
    hasher.putInt(transactions.size());
    for (Transaction tx : transactions) {
      hasher.putBytes(tx.hash().asBytes());
    }
    return hasher.hash();
  }

  /** The canonical encoding ({@link ChainCodec}). */
  public byte[] encode() {
    return ChainCodec.encode(this);
  }

  /**
   * Parses a canonical encoding.
   *
   * @throws IllegalArgumentException if the bytes are not one
   */
  public static BlockHeader decode(byte[] bytes) {
    return ChainCodec.decodeHeader(bytes);
  }

  /** The block hash: SHA-256 of {@link #encode()}. */
  public HashCode hash() {
    return Hashing.sha256().hashBytes(encode());
  }
}
