package io.forkless.host.chain;

import com.google.common.hash.HashCode;
import com.google.common.io.ByteArrayDataOutput;
import com.google.common.io.ByteStreams;
import java.util.ArrayList;
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

  private static final int MAX_ITEM_BYTES = 64 * 1024 * 1024;

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

  /** The canonical encoding. */
  public byte[] encode() {
    ByteArrayDataOutput out = ByteStreams.newDataOutput();
    byte[] h = header.encode();
    out.writeInt(h.length);
    out.write(h);
    out.writeInt(transactions.size());
    for (Transaction tx : transactions) {
      byte[] t = tx.encode();
      out.writeInt(t.length);
      out.write(t);
    }
    return out.toByteArray();
  }

  /**
   * Parses a canonical encoding.
   *
   * @throws IllegalArgumentException if the bytes are not one
   */
  public static Block decode(byte[] bytes) {
    Encoding in = new Encoding(bytes, "block");
    BlockHeader header = BlockHeader.decode(in.bytes(in.length(MAX_ITEM_BYTES)));
    int count = in.length(bytes.length);
    List<Transaction> txs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      txs.add(Transaction.decode(in.bytes(in.length(MAX_ITEM_BYTES))));
    }
    in.end();
    return new Block(header, txs);
  }
}
