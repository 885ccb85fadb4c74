package io.forkless.cluster;

import io.forkless.cluster.ClusterEntry.ProposedBlock;
import io.forkless.cluster.ClusterEntry.SubmittedTransaction;
import io.forkless.host.chain.Block;
import io.forkless.host.codec.ChainCodec;
import io.forkless.host.codec.ChainReader;
import io.forkless.host.codec.Codec;
import io.forkless.host.governance.Ed25519;
import java.nio.charset.StandardCharsets;

/**
 * The byte encoding of the replicated log's entries and of the status query between validators, in
 * the host's codec conventions (big-endian integers, length-prefixed strings and byte strings):
 *
 * <pre>
 * entry   = u8 format (1) ‖ u8 kind ‖ body
 * kind 1  = block:       string proposer ‖ i32 n ‖ n bytes ChainCodec block ‖ 64 bytes signature
 * kind 2  = transaction: i32 n ‖ n bytes canonical transaction
 * status  = i64 head height ‖ 32 bytes head hash ‖ u8 halted (0/1)
 * queries between validators (not in the log): empty = status; u8 1 ‖ i64 height = that block
 *   (answer u8 found ‖ ChainCodec block); u8 2 = latest snapshot (answer u8 present ‖ i64 term ‖
 *   i64 index)
 * </pre>
 *
 * Decoding refuses anything else (unknown format or kind, bad lengths, trailing bytes) with an
 * {@link IllegalArgumentException}. The golden bytes are pinned by {@code ClusterCodecTest}.
 */
public final class ClusterCodec {

  /** The entry format this code writes and reads. */
  public static final int FORMAT = 1;

  static final int KIND_BLOCK = 1;
  static final int KIND_TRANSACTION = 2;

  /** The most bytes a proposer's name may take. */
  public static final int MAX_PROPOSER_BYTES = 64;

  private static final byte[] BLOCK_DOMAIN =
      "forkless/cluster/block/v1".getBytes(StandardCharsets.US_ASCII);

  private ClusterCodec() {}

  /** What a leader signs for {@code block}: a domain tag, then the block's hash. */
  public static byte[] signedBytes(Block block) {
    return new Codec.Writer().bytes(BLOCK_DOMAIN).hash(block.hash()).toByteArray();
  }

  public static byte[] encode(ClusterEntry entry) {
    Codec.Writer w = new Codec.Writer().u8(FORMAT);
    if (entry instanceof ProposedBlock b) {
      byte[] block = ChainCodec.encode(b.block());
      byte[] signature = b.signature();
      if (signature.length != Ed25519.SIGNATURE_LENGTH) {
        throw new IllegalArgumentException(
            "a block signature is "
                + Ed25519.SIGNATURE_LENGTH
                + " bytes but was "
                + signature.length);
      }
      return w.u8(KIND_BLOCK)
          .string(b.proposer())
          .i32(block.length)
          .bytes(block)
          .bytes(signature)
          .toByteArray();
    }
    byte[] tx = ((SubmittedTransaction) entry).encoded();
    return w.u8(KIND_TRANSACTION).i32(tx.length).bytes(tx).toByteArray();
  }

  /**
   * @throws IllegalArgumentException naming what is wrong with {@code bytes}
   */
  public static ClusterEntry decode(byte[] bytes) {
    ChainReader r = new ChainReader(bytes, "cluster log entry");
    int format = r.u8();
    if (format != FORMAT) {
      throw new IllegalArgumentException(
          "cluster log entry: format " + format + " is not supported (expected " + FORMAT + ")");
    }
    int kind = r.u8();
    ClusterEntry entry;
    switch (kind) {
      case KIND_BLOCK -> {
        String proposer = r.string(MAX_PROPOSER_BYTES);
        Block block = ChainCodec.decodeBlock(r.bytes(r.length(ChainCodec.MAX_ITEM_BYTES)));
        entry = new ProposedBlock(proposer, block, r.bytes(Ed25519.SIGNATURE_LENGTH));
      }
      case KIND_TRANSACTION ->
          entry = new SubmittedTransaction(r.bytes(r.length(ChainCodec.MAX_ITEM_BYTES)));
      default -> throw new IllegalArgumentException("cluster log entry: unknown kind " + kind);
    }
    r.end();
    return entry;
  }

  static final int QUERY_BLOCK = 1;
  static final int QUERY_SNAPSHOT = 2;

  /** The query for the committed block at {@code height}. */
  public static byte[] blockQuery(long height) {
    return new Codec.Writer().u8(QUERY_BLOCK).i64(height).toByteArray();
  }

  /** The query for a validator's latest snapshot. */
  public static byte[] snapshotQuery() {
    return new Codec.Writer().u8(QUERY_SNAPSHOT).toByteArray();
  }

  /** The answer to a block query. */
  public static byte[] blockAnswer(java.util.Optional<Block> block) {
    return block.isEmpty()
        ? new Codec.Writer().u8(0).toByteArray()
        : new Codec.Writer().u8(1).bytes(ChainCodec.encode(block.get())).toByteArray();
  }

  /**
   * @throws IllegalArgumentException if {@code bytes} is not a block answer
   */
  public static java.util.Optional<Block> decodeBlockAnswer(byte[] bytes) {
    if (bytes.length == 1 && bytes[0] == 0) {
      return java.util.Optional.empty();
    }
    if (bytes.length < 2 || bytes[0] != 1) {
      throw new IllegalArgumentException("block answer: bad presence flag");
    }
    return java.util.Optional.of(
        ChainCodec.decodeBlock(java.util.Arrays.copyOfRange(bytes, 1, bytes.length)));
  }

  /** A validator's answer to the status query. */
  public record PeerState(long height, com.google.common.hash.HashCode headHash, boolean halted) {}

  public static byte[] encode(PeerState state) {
    return new Codec.Writer()
        .i64(state.height())
        .hash(state.headHash())
        .bool(state.halted())
        .toByteArray();
  }

  /**
   * @throws IllegalArgumentException if {@code bytes} is not a status answer
   */
  public static PeerState decodePeerState(byte[] bytes) {
    ChainReader r = new ChainReader(bytes, "validator status");
    long height = r.i64();
    var hash = r.hash();
    int halted = r.u8();
    if (halted > 1) {
      throw new IllegalArgumentException("validator status: halted flag " + halted);
    }
    r.end();
    return new PeerState(height, hash, halted == 1);
  }
}
