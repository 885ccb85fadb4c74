package io.forkless.host.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import com.google.common.primitives.Bytes;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.BlockHeader;
import io.forkless.host.chain.Transaction;
import io.forkless.host.chain.TxLocation;
import io.forkless.host.chain.TxReceipt;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every refusal of the chain decoders: each bad input gets its own specific error. */
class ChainCodecRefusalTest {

  private static final Transaction TX = Transaction.runtime(new byte[] {7, 8, 9});
  private static final BlockHeader HEADER =
      new BlockHeader(
          "refusal-chain",
          3,
          sha("parent"),
          1_000L,
          BlockHeader.txRoot(List.of(TX)),
          sha("state"),
          RuntimeVersion.of(1, 0, 0),
          sha("code"));
  private static final Block BLOCK = new Block(HEADER, List.of(TX));
  private static final List<TxReceipt> RECEIPTS = List.of(new TxReceipt(TX.hash(), true, "ok"));

  private static HashCode sha(String s) {
    return Hashing.sha256().hashString(s, StandardCharsets.UTF_8);
  }

  private static byte[] withTrailingByte(byte[] bytes) {
    return Bytes.concat(bytes, new byte[] {0});
  }

  @Test
  void everyEncodingRoundTrips() {
    assertThat(ChainCodec.decodeHeader(ChainCodec.encode(HEADER))).isEqualTo(HEADER);
    assertThat(ChainCodec.decodeBlock(ChainCodec.encode(BLOCK))).isEqualTo(BLOCK);
    assertThat(ChainCodec.decodeTransaction(ChainCodec.encode(TX))).isEqualTo(TX);
    assertThat(ChainCodec.decodeReceipts(ChainCodec.encodeReceipts(RECEIPTS))).isEqualTo(RECEIPTS);
    assertThat(ChainCodec.decodeLocation(ChainCodec.encode(new TxLocation(5, 2))))
        .isEqualTo(new TxLocation(5, 2));
  }

  @Test
  void headerWithAnUnknownFormatIsRefused() {
    byte[] bytes = ChainCodec.encode(HEADER);
    bytes[0] = 2;
    assertThatThrownBy(() -> ChainCodec.decodeHeader(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("block header format 2 is not 1");
  }

  @Test
  void headerWithTrailingBytesIsRefused() {
    assertThatThrownBy(() -> ChainCodec.decodeHeader(withTrailingByte(ChainCodec.encode(HEADER))))
        .hasMessage("block header: 1 trailing bytes");
  }

  @Test
  void headerChainIdLengthAboveTheBoundIsRefusedBeforeAllocating() {
    byte[] bytes = ChainCodec.encode(HEADER);
    ByteBuffer.wrap(bytes, 1, 4).putInt(Integer.MAX_VALUE);
    assertThatThrownBy(() -> ChainCodec.decodeHeader(bytes))
        .hasMessageStartingWith("block header: length " + Integer.MAX_VALUE + " out of range");
  }

  @Test
  void negativeLengthIsRefused() {
    byte[] bytes = ChainCodec.encode(HEADER);
    ByteBuffer.wrap(bytes, 1, 4).putInt(-1);
    assertThatThrownBy(() -> ChainCodec.decodeHeader(bytes))
        .hasMessageStartingWith("block header: length -1 out of range");
  }

  @Test
  void truncatedHeaderIsRefused() {
    byte[] bytes = ChainCodec.encode(HEADER);
    assertThatThrownBy(() -> ChainCodec.decodeHeader(Arrays.copyOf(bytes, bytes.length - 1)))
        .hasMessage("block header: truncated");
  }

  @Test
  void blockWithTrailingBytesIsRefused() {
    assertThatThrownBy(() -> ChainCodec.decodeBlock(withTrailingByte(ChainCodec.encode(BLOCK))))
        .hasMessage("block: 1 trailing bytes");
  }

  @Test
  void blockTransactionCountAboveWhatIsLeftIsRefusedBeforeAllocating() {
    byte[] bytes = ChainCodec.encode(BLOCK);
    int headerLength = ChainCodec.encode(HEADER).length;
    ByteBuffer.wrap(bytes, 4 + headerLength, 4).putInt(1_000_000_000);
    assertThatThrownBy(() -> ChainCodec.decodeBlock(bytes))
        .hasMessageStartingWith("block: length 1000000000 out of range");
  }

  @Test
  void truncatedBlockIsRefused() {
    byte[] bytes = ChainCodec.encode(BLOCK);
    assertThatThrownBy(() -> ChainCodec.decodeBlock(Arrays.copyOf(bytes, bytes.length - 1)))
        .hasMessageStartingWith("block: length");
    assertThatThrownBy(() -> ChainCodec.decodeBlock(new byte[2])).hasMessage("block: truncated");
  }

  @Test
  void emptyTransactionIsRefused() {
    assertThatThrownBy(() -> ChainCodec.decodeTransaction(new byte[0]))
        .hasMessage("empty transaction (no kind byte)");
  }

  @Test
  void transactionOfAnUnknownKindIsRefused() {
    assertThatThrownBy(() -> ChainCodec.decodeTransaction(new byte[] {3, 1}))
        .hasMessage("unknown transaction kind 0x03 (expected 0x01 or 0x02)");
  }

  @Test
  void transactionWithoutPayloadIsRefused() {
    assertThatThrownBy(() -> ChainCodec.decodeTransaction(new byte[] {1}))
        .hasMessage("a RUNTIME transaction needs a non-empty payload");
  }

  @Test
  void receiptSuccessFlagOtherThanZeroOrOneIsRefused() {
    byte[] bytes = ChainCodec.encodeReceipts(RECEIPTS);
    bytes[4 + 32] = 2;
    assertThatThrownBy(() -> ChainCodec.decodeReceipts(bytes))
        .hasMessage("receipts: success flag 2");
  }

  @Test
  void receiptCountAboveWhatIsLeftIsRefusedBeforeAllocating() {
    byte[] bytes = ChainCodec.encodeReceipts(RECEIPTS);
    ByteBuffer.wrap(bytes, 0, 4).putInt(Integer.MAX_VALUE);
    assertThatThrownBy(() -> ChainCodec.decodeReceipts(bytes))
        .hasMessageStartingWith("receipts: length " + Integer.MAX_VALUE + " out of range");
  }

  @Test
  void receiptsWithTrailingBytesAreRefused() {
    assertThatThrownBy(
            () -> ChainCodec.decodeReceipts(withTrailingByte(ChainCodec.encodeReceipts(RECEIPTS))))
        .hasMessage("receipts: 1 trailing bytes");
  }

  @Test
  void locationRecordOfTheWrongLengthIsRefused() {
    byte[] bytes = ChainCodec.encode(new TxLocation(5, 2));
    assertThatThrownBy(() -> ChainCodec.decodeLocation(Arrays.copyOf(bytes, 11)))
        .hasMessage("transaction location: truncated");
    assertThatThrownBy(() -> ChainCodec.decodeLocation(withTrailingByte(bytes)))
        .hasMessage("transaction location: 1 trailing bytes");
  }

  @Test
  void transactionKindsHaveExplicitWireCodes() {
    assertThat(Transaction.Kind.RUNTIME.code()).isEqualTo(0x01);
    assertThat(Transaction.Kind.HOST.code()).isEqualTo(0x02);
  }
}
