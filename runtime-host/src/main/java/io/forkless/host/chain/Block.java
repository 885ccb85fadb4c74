package io.forkless.host.chain;

import com.google.common.hash.HashCode;
import io.forkless.host.codec.ChainCodec;
import java.util.List;

/**
 * A block: header and transactions in execution order (host transactions execute before runtime
 * ones whatever their position; receipts follow this order). Canonical encoding: {@code u32 len +
 * header encoding, u32 count, then per transaction u32 len + transaction encoding}.
 *
 * @param header the header; its {@code txRoot} matches the transactions
 * @param transactions immutable
 */
public record Block(BlockHeader header, List<Transaction> transactions) {

  /**
   * @throws IllegalArgumentException if the header's txRoot does not match the transactions
   */
  public Block {
    transactions = List.copyOf(transactions);
    HashCode expected = BlockHeader.txRoot(transactions);
    if (!expected.equals(header.txRoot())) {
      throw new IllegalArgumentException(
          "block "
              + header.height()
              + " header txRoot "
              + header.txRoot()
              + " does not match its transactions ("
              + expected
              + ")");
    }
  }

  /** The block hash (of the header). */
  public HashCode hash() {
    return header.hash();
  }

  /** The block height. */
  public long height() {
    return header.height();
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
  public static Block decode(byte[] bytes) {
    return ChainCodec.decodeBlock(bytes);
  }
}
