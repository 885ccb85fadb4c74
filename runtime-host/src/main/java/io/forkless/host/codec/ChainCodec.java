package io.forkless.host.codec;

import com.google.common.io.ByteArrayDataOutput;
import com.google.common.io.ByteStreams;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.BlockHeader;
import io.forkless.host.chain.Transaction;
import io.forkless.host.chain.TxLocation;
import io.forkless.host.chain.TxReceipt;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The canonical encodings of the chain: block headers, blocks, transactions, a block's receipts and
 * a transaction's location record (see each type's documentation for the layout). Decoders refuse
 * what is not exactly one encoding: unknown format or kind, a length out of range (checked before
 * allocating), truncated input, trailing bytes.
 */
public final class ChainCodec {

  /** Block header format byte. */
  public static final int HEADER_FORMAT = 1;

  /** Longest chain id, in UTF-8 bytes. */
  public static final int MAX_CHAIN_ID_BYTES = 256;

  /** Longest header or transaction inside a block encoding. */
  public static final int MAX_ITEM_BYTES = 64 * 1024 * 1024;

  private static final int LOCATION_BYTES = 12;

  private ChainCodec() {}

  // ---------------------------------------------------------------- headers

  public static byte[] encode(BlockHeader header) {
    ByteArrayDataOutput out = ByteStreams.newDataOutput();
    out.writeByte(HEADER_FORMAT);
    byte[] id = header.chainId().getBytes(StandardCharsets.UTF_8);
    out.writeInt(id.length);
    out.write(id);
    out.writeLong(header.height());
    out.write(header.parentHash().asBytes());
    out.writeLong(header.timestampMillis());
    out.write(header.txRoot().asBytes());
    out.write(header.stateRoot().asBytes());
    out.writeInt(header.runtimeVersion().major());
    out.writeInt(header.runtimeVersion().minor());
    out.writeInt(header.runtimeVersion().patch());
    out.write(header.runtimeCodeHash().asBytes());
    return out.toByteArray();
  }

  /**
   * @throws IllegalArgumentException if the bytes are not a header encoding
   */
  public static BlockHeader decodeHeader(byte[] bytes) {
    ChainReader in = new ChainReader(bytes, "block header");
    int format = in.u8();
    if (format != HEADER_FORMAT) {
      throw new IllegalArgumentException(
          "block header format " + format + " is not " + HEADER_FORMAT);
    }
    BlockHeader header =
        new BlockHeader(
            in.string(MAX_CHAIN_ID_BYTES),
            in.i64(),
            in.hash(),
            in.i64(),
            in.hash(),
            in.hash(),
            new RuntimeVersion(in.i32(), in.i32(), in.i32()),
            in.hash());
    in.end();
    return header;
  }

  // ---------------------------------------------------------------- blocks

  public static byte[] encode(Block block) {
    ByteArrayDataOutput out = ByteStreams.newDataOutput();
    byte[] h = encode(block.header());
    out.writeInt(h.length);
    out.write(h);
    out.writeInt(block.transactions().size());
    for (Transaction tx : block.transactions()) {
      byte[] t = encode(tx);
      out.writeInt(t.length);
      out.write(t);
    }
    return out.toByteArray();
  }

  /**
   * @throws IllegalArgumentException if the bytes are not a block encoding
   */
  public static Block decodeBlock(byte[] bytes) {
    ChainReader in = new ChainReader(bytes, "block");
    BlockHeader header = decodeHeader(in.bytes(in.length(MAX_ITEM_BYTES)));
    int count = in.length(bytes.length);
    List<Transaction> txs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      txs.add(decodeTransaction(in.bytes(in.length(MAX_ITEM_BYTES))));
    }
    in.end();
    return new Block(header, txs);
  }

  // ---------------------------------------------------------------- transactions

  public static byte[] encode(Transaction tx) {
    byte[] payload = tx.payload();
    byte[] out = new byte[payload.length + 1];
    out[0] = (byte) tx.kind().code();
    System.arraycopy(payload, 0, out, 1, payload.length);
    return out;
  }

  /**
   * @throws IllegalArgumentException naming the problem (empty, unknown kind, empty payload)
   */
  public static Transaction decodeTransaction(byte[] encoded) {
    if (encoded.length == 0) {
      throw new IllegalArgumentException("empty transaction (no kind byte)");
    }
    int code = encoded[0] & 0xff;
    Transaction.Kind kind;
    if (code == Transaction.Kind.RUNTIME.code()) {
      kind = Transaction.Kind.RUNTIME;
    } else if (code == Transaction.Kind.HOST.code()) {
      kind = Transaction.Kind.HOST;
    } else {
      throw new IllegalArgumentException(
          String.format("unknown transaction kind 0x%02x (expected 0x01 or 0x02)", code));
    }
    return new Transaction(kind, Arrays.copyOfRange(encoded, 1, encoded.length));
  }

  // ---------------------------------------------------------------- receipts

  public static byte[] encodeReceipts(List<TxReceipt> receipts) {
    ByteArrayDataOutput out = ByteStreams.newDataOutput();
    out.writeInt(receipts.size());
    for (TxReceipt r : receipts) {
      out.write(r.txHash().asBytes());
      out.writeByte(r.success() ? 1 : 0);
      byte[] m = r.message().getBytes(StandardCharsets.UTF_8);
      out.writeInt(m.length);
      out.write(m);
    }
    return out.toByteArray();
  }

  /**
   * @throws IllegalArgumentException if the bytes are not a receipts encoding
   */
  public static List<TxReceipt> decodeReceipts(byte[] bytes) {
    ChainReader in = new ChainReader(bytes, "receipts");
    int count = in.length(bytes.length);
    List<TxReceipt> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      var hash = in.hash();
      int success = in.u8();
      if (success > 1) {
        throw new IllegalArgumentException("receipts: success flag " + success);
      }
      out.add(new TxReceipt(hash, success == 1, in.string(bytes.length)));
    }
    in.end();
    return List.copyOf(out);
  }

  // ---------------------------------------------------------------- chain records

  /** A transaction's location record: {@code u64 height || u32 index}. */
  public static byte[] encode(TxLocation location) {
    return ByteBuffer.allocate(LOCATION_BYTES)
        .putLong(location.height())
        .putInt(location.index())
        .array();
  }

  /**
   * @throws IllegalArgumentException if the record is not exactly 12 bytes
   */
  public static TxLocation decodeLocation(byte[] bytes) {
    ChainReader in = new ChainReader(bytes, "transaction location");
    TxLocation location = new TxLocation(in.i64(), in.i32());
    in.end();
    return location;
  }
}
