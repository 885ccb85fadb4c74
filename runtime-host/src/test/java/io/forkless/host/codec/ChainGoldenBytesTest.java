package io.forkless.host.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.BlockHeader;
import io.forkless.host.chain.Transaction;
import io.forkless.host.chain.TxReceipt;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes: the consensus encodings of chain records and the block file, pinned. A change here
 * changes block hashes and breaks every exported file: it needs a new format version.
 */
class ChainGoldenBytesTest {

  private static final Transaction RUNTIME_TX =
      Transaction.runtime("transfer alice bob 5".getBytes(StandardCharsets.US_ASCII));
  private static final Transaction HOST_TX = Transaction.host(new byte[] {1, 2, 3});
  private static final BlockHeader HEADER =
      new BlockHeader(
          "golden-chain",
          7,
          sha("parent"),
          1_780_000_000_000L,
          BlockHeader.txRoot(List.of(HOST_TX, RUNTIME_TX)),
          sha("state"),
          RuntimeVersion.of(1, 2, 3),
          sha("code"));
  private static final Block BLOCK = new Block(HEADER, List.of(HOST_TX, RUNTIME_TX));

  private static HashCode sha(String s) {
    return Hashing.sha256().hashString(s, StandardCharsets.UTF_8);
  }

  private static String hex(byte[] bytes) {
    return HashCode.fromBytes(bytes).toString();
  }

  @Test
  void transactions() {
    assertThat(hex(RUNTIME_TX.encode()) + "/" + hex(HOST_TX.encode()))
        .isEqualTo(GOLDEN_TRANSACTIONS);
    assertThat(RUNTIME_TX.hash().toString()).isEqualTo(GOLDEN_TX_HASH);
  }

  @Test
  void blockAndHeader() {
    assertThat(hex(HEADER.encode())).isEqualTo(GOLDEN_HEADER);
    assertThat(hex(BLOCK.encode())).isEqualTo(GOLDEN_BLOCK);
    assertThat(BLOCK.hash().toString()).isEqualTo(GOLDEN_BLOCK_HASH);
    assertThat(Block.decode(BLOCK.encode())).isEqualTo(BLOCK);
  }

  @Test
  void receipts() {
    byte[] encoded =
        TxReceipt.encodeAll(
            List.of(
                new TxReceipt(HOST_TX.hash(), true, "ok"),
                new TxReceipt(RUNTIME_TX.hash(), false, "insufficient balance")));
    assertThat(hex(encoded)).isEqualTo(GOLDEN_RECEIPTS);
  }

  @Test
  void blockFile() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BlockFileWriter w =
        BlockFileWriter.start(
            out,
            new BlockFileHeader(BlockFileWriter.FORMAT_VERSION, "golden-chain", sha("g"), 7, 1));
    w.append(BLOCK);
    w.finish();
    assertThat(hex(out.toByteArray())).isEqualTo(GOLDEN_BLOCK_FILE);
  }

  static final String GOLDEN_TRANSACTIONS = "017472616e7366657220616c69636520626f622035/02010203";
  static final String GOLDEN_TX_HASH =
      "1f5435ec1a805bd74fbe4ae4e8ff20f398912e1f92706f506e29fe2118398249";
  static final String GOLDEN_HEADER =
      "010000000c676f6c64656e2d636861696e0000000000000007e47125968b3b71049fbc4802d1"
          + "e40a71ea1359decfabacf70b34588037d4ff0c0000019e70448800f4b5273f65729fcdd7c220"
          + "b7d1b44c6ba7b483dbe91812946e1b0f9f18f2e1824ba69735ca53765ed6a709edb56c6ea236"
          + "b7193a3b29a6b390c346f0f4340e4e0000000100000002000000035694d08a2e53ffcae0c310"
          + "3e5ad6f6076abd960eb1f8a56577040bc1028f702b";
  static final String GOLDEN_BLOCK =
      "000000ad010000000c676f6c64656e2d636861696e0000000000000007e47125968b3b71049f"
          + "bc4802d1e40a71ea1359decfabacf70b34588037d4ff0c0000019e70448800f4b5273f65729f"
          + "cdd7c220b7d1b44c6ba7b483dbe91812946e1b0f9f18f2e1824ba69735ca53765ed6a709edb5"
          + "6c6ea236b7193a3b29a6b390c346f0f4340e4e0000000100000002000000035694d08a2e53ff"
          + "cae0c3103e5ad6f6076abd960eb1f8a56577040bc1028f702b00000002000000040201020300"
          + "000015017472616e7366657220616c69636520626f622035";
  static final String GOLDEN_BLOCK_HASH =
      "81ab4631a73fc94eb91263761549b086ddd76d84d4c89917705de2de85d2e66b";
  static final String GOLDEN_RECEIPTS =
      "00000002745c8c22ab076f27ce4cfb29cab6bfc6340398d87a2dde221e1c7c3176ee38c20100"
          + "0000026f6b1f5435ec1a805bd74fbe4ae4e8ff20f398912e1f92706f506e29fe211839824900"
          + "00000014696e73756666696369656e742062616c616e6365";
  static final String GOLDEN_BLOCK_FILE =
      "464b424c4f434b53000000010000000c676f6c64656e2d636861696ecd0aa9856147b6c5b4ff"
          + "2b7dfee5da20aa38253099ef1b4a64aced233c9afe2900000000000000070000000000000001"
          + "000000d6000000ad010000000c676f6c64656e2d636861696e0000000000000007e47125968b"
          + "3b71049fbc4802d1e40a71ea1359decfabacf70b34588037d4ff0c0000019e70448800f4b527"
          + "3f65729fcdd7c220b7d1b44c6ba7b483dbe91812946e1b0f9f18f2e1824ba69735ca53765ed6"
          + "a709edb56c6ea236b7193a3b29a6b390c346f0f4340e4e0000000100000002000000035694d0"
          + "8a2e53ffcae0c3103e5ad6f6076abd960eb1f8a56577040bc1028f702b000000020000000402"
          + "01020300000015017472616e7366657220616c69636520626f622035464b424c4b454e440000"
          + "00000000000181ab4631a73fc94eb91263761549b086ddd76d84d4c89917705de2de85d2e66b";
}
