package io.forkless.host.chain;

import com.google.common.hash.HashCode;
import com.google.common.primitives.Longs;
import io.forkless.host.ForklessException;
import io.forkless.host.codec.ChainCodec;
import io.forkless.host.state.ChainWrites;
import io.forkless.host.state.StateStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Key layout of the chain records in the store's chain column: {@code "head"} → u64 height; {@code
 * "blk" || u64 height} → block encoding; {@code "rcp" || u64 height} → receipts encoding; {@code
 * "tx" || 32 hash} → u64 height || u32 index.
 */
final class ChainRecords {

  private static final byte[] HEAD = ascii("head");

  private ChainRecords() {}

  static Optional<Long> headHeight(StateStore store) {
    return store.chainGet(HEAD).map(Longs::fromByteArray);
  }

  static Optional<Block> block(StateStore store, long height) {
    return store.chainGet(key("blk", height)).map(b -> decode(b, height));
  }

  static Optional<List<TxReceipt>> receipts(StateStore store, long height) {
    return store.chainGet(key("rcp", height)).map(TxReceipt::decodeAll);
  }

  static Optional<TxLocation> location(StateStore store, HashCode txHash) {
    return store.chainGet(txKey(txHash)).map(ChainCodec::decodeLocation);
  }

  static ChainWrites writes(Block block, List<TxReceipt> receipts) {
    long h = block.height();
    ChainWrites w = new ChainWrites();
    w.put(key("blk", h), block.encode());
    w.put(key("rcp", h), TxReceipt.encodeAll(receipts));
    List<Transaction> txs = block.transactions();
    for (int i = 0; i < txs.size(); i++) {
      w.put(txKey(txs.get(i).hash()), ChainCodec.encode(new TxLocation(h, i)));
    }
    w.put(HEAD, Longs.toByteArray(h));
    return w;
  }

  private static Block decode(byte[] bytes, long height) {
    try {
      return Block.decode(bytes);
    } catch (IllegalArgumentException e) {
      throw new ForklessException(
          "stored block " + height + " is unreadable (" + e.getMessage() + "): data is corrupt", e);
    }
  }

  private static byte[] key(String prefix, long height) {
    return ByteBuffer.allocate(prefix.length() + 8).put(ascii(prefix)).putLong(height).array();
  }

  private static byte[] txKey(HashCode hash) {
    return ByteBuffer.allocate(2 + 32).put(ascii("tx")).put(hash.asBytes()).array();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
