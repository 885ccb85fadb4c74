package io.forkless.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.HashCode;
import io.forkless.api.RuntimeVersion;
import io.forkless.cluster.ClusterEntry.ProposedBlock;
import io.forkless.cluster.ClusterEntry.SubmittedTransaction;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.BlockHeader;
import io.forkless.host.chain.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replicated log's entry encoding: golden bytes, round trips, and every refusal. */
class ClusterCodecTest {

  private static final HexFormat HEX = HexFormat.of();

  private static Block block() {
    Transaction tx =
        Transaction.runtime("transfer alice bob 5".getBytes(StandardCharsets.US_ASCII));
    return new Block(
        new BlockHeader(
            "forkless-dev",
            1,
            HashCode.fromBytes(new byte[32]),
            1_767_225_600_000L,
            BlockHeader.txRoot(List.of(tx)),
            HashCode.fromBytes(filled(0x11)),
            RuntimeVersion.of(1, 0, 0),
            HashCode.fromBytes(filled(0x22))),
        List.of(tx));
  }

  private static byte[] filled(int value) {
    byte[] b = new byte[32];
    Arrays.fill(b, (byte) value);
    return b;
  }

  @Test
  void aSubmittedTransactionHasItsGoldenBytesAndKeepsTheClientsBytes() {
    byte[] tx = Transaction.runtime("hi".getBytes(StandardCharsets.US_ASCII)).encode();
    byte[] encoded = ClusterCodec.encode(new SubmittedTransaction(tx));
    assertThat(HEX.formatHex(encoded)).isEqualTo("0102" + "00000003" + HEX.formatHex(tx));
    assertThat(HEX.formatHex(tx)).isEqualTo("016869");
    assertThat(((SubmittedTransaction) ClusterCodec.decode(encoded)).encoded()).isEqualTo(tx);
  }

  @Test
  void aProposedBlockHasItsGoldenLayoutAndRoundTrips() {
    Block block = block();
    byte[] signature = filled(0x33);
    signature = Arrays.copyOf(signature, 64);
    byte[] encoded = ClusterCodec.encode(new ProposedBlock("alice", block, signature));
    byte[] blockBytes = block.encode();
    String expected =
        "0101"
            + "00000005"
            + HEX.formatHex("alice".getBytes(StandardCharsets.US_ASCII))
            + String.format("%08x", blockBytes.length)
            + HEX.formatHex(blockBytes)
            + HEX.formatHex(signature);
    assertThat(HEX.formatHex(encoded)).isEqualTo(expected);
    assertThat(ClusterCodec.decode(encoded))
        .isEqualTo(new ProposedBlock("alice", block, signature));
  }

  @Test
  void whatALeaderSignsIsADomainTagThenTheBlockHash() {
    Block block = block();
    assertThat(new String(ClusterCodec.signedBytes(block), 0, 25, StandardCharsets.US_ASCII))
        .isEqualTo("forkless/cluster/block/v1");
    assertThat(Arrays.copyOfRange(ClusterCodec.signedBytes(block), 25, 57))
        .isEqualTo(block.hash().asBytes());
  }

  @Test
  void refusesAnUnknownFormat() {
    assertThatThrownBy(() -> ClusterCodec.decode(HEX.parseHex("020200000000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format 2 is not supported");
  }

  @Test
  void refusesAnUnknownKind() {
    assertThatThrownBy(() -> ClusterCodec.decode(HEX.parseHex("010900000000")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown kind 9");
  }

  @Test
  void refusesTrailingBytes() {
    assertThatThrownBy(() -> ClusterCodec.decode(HEX.parseHex("01020000000101ff")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 trailing bytes");
  }

  @Test
  void refusesALengthPastTheEnd() {
    assertThatThrownBy(() -> ClusterCodec.decode(HEX.parseHex("0102000000ff01")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range");
  }

  @Test
  void refusesATruncatedBlockEntry() {
    byte[] full = ClusterCodec.encode(new ProposedBlock("alice", block(), new byte[64]));
    assertThatThrownBy(() -> ClusterCodec.decode(Arrays.copyOf(full, full.length - 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void refusesASignatureOfTheWrongLength() {
    assertThatThrownBy(() -> ClusterCodec.encode(new ProposedBlock("alice", block(), new byte[10])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 bytes but was 10");
  }

  @Test
  void aPeerStateRoundTripsAndABadHaltedFlagIsRefused() {
    var state = new ClusterCodec.PeerState(42, HashCode.fromBytes(filled(7)), true);
    byte[] bytes = ClusterCodec.encode(state);
    assertThat(bytes).hasSize(8 + 32 + 1);
    assertThat(ClusterCodec.decodePeerState(bytes)).isEqualTo(state);
    bytes[40] = 2;
    assertThatThrownBy(() -> ClusterCodec.decodePeerState(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("halted flag 2");
  }
}
