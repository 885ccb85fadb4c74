package io.forkless.host.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.BlockHeader;
import io.forkless.host.chain.Transaction;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The block file's framing, without a chain: what the reader accepts and refuses. */
class BlockFileTest {

  private static final HashCode GENESIS = sha("genesis");

  private static HashCode sha(String s) {
    return Hashing.sha256().hashString(s, StandardCharsets.UTF_8);
  }

  private static List<Block> blocks(int n) {
    List<Block> out = new ArrayList<>();
    HashCode parent = GENESIS;
    for (int h = 1; h <= n; h++) {
      List<Transaction> txs =
          List.of(Transaction.runtime(("transfer a b " + h).getBytes(StandardCharsets.US_ASCII)));
      Block b =
          new Block(
              new BlockHeader(
                  "file-test",
                  h,
                  parent,
                  1000L * h,
                  BlockHeader.txRoot(txs),
                  sha("root" + h),
                  RuntimeVersion.of(1, 0, 0),
                  sha("code")),
              txs);
      out.add(b);
      parent = b.hash();
    }
    return out;
  }

  private static byte[] write(List<Block> blocks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BlockFileWriter w =
        BlockFileWriter.start(
            out,
            new BlockFileHeader(
                BlockFileWriter.FORMAT_VERSION, "file-test", GENESIS, 1, blocks.size()));
    blocks.forEach(w::append);
    w.finish();
    return out.toByteArray();
  }

  private static List<Block> readAll(byte[] file) {
    BlockFileReader r = BlockFileReader.open(new ByteArrayInputStream(file));
    List<Block> out = new ArrayList<>();
    for (Optional<Block> b = r.next(); b.isPresent(); b = r.next()) {
      out.add(b.get());
    }
    return out;
  }

  @Test
  void readsBackTheHeaderAndEveryBlockItWrote() {
    List<Block> blocks = blocks(5);
    byte[] file = write(blocks);

    BlockFileHeader header = BlockFileReader.open(new ByteArrayInputStream(file)).header();
    assertThat(header)
        .isEqualTo(new BlockFileHeader(1, "file-test", GENESIS, 1, 5))
        .extracting(BlockFileHeader::lastHeight)
        .isEqualTo(5L);
    assertThat(readAll(file)).isEqualTo(blocks);
    assertThat(new String(file, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("FKBLOCKS");
  }

  @Test
  void refusesAnotherMagicOrAnUnknownFormatVersion() {
    byte[] file = write(blocks(1));
    byte[] wrongMagic = file.clone();
    wrongMagic[0] = 'X';
    assertThatThrownBy(() -> BlockFileReader.open(new ByteArrayInputStream(wrongMagic)))
        .isInstanceOf(BlockFileException.class)
        .hasMessageContaining("not a Forkless block file");
    byte[] version2 = file.clone();
    ByteBuffer.wrap(version2).putInt(8, 2);
    assertThatThrownBy(() -> BlockFileReader.open(new ByteArrayInputStream(version2)))
        .isInstanceOf(BlockFileException.class)
        .hasMessageContaining("format version 2 is not supported (this node reads version 1)");
  }

  @Test
  void aFileCutAnywhereIsReportedAsTruncated() {
    byte[] file = write(blocks(3));
    for (int cut : new int[] {5, 40, file.length / 2, file.length - 33, file.length - 1}) {
      byte[] part = Arrays.copyOf(file, cut);
      assertThatThrownBy(() -> readAll(part))
          .as("cut at %d of %d bytes", cut, file.length)
          .isInstanceOf(BlockFileException.class)
          .hasMessageContaining("truncated");
    }
  }

  @Test
  void refusesBytesAfterTheTrailerAndATrailerThatDoesNotMatch() {
    byte[] file = write(blocks(2));
    byte[] longer = Arrays.copyOf(file, file.length + 1);
    assertThatThrownBy(() -> readAll(longer))
        .isInstanceOf(BlockFileException.class)
        .hasMessageContaining("bytes after its trailer");
    byte[] badTrailer = file.clone();
    badTrailer[badTrailer.length - 1] ^= 1;
    assertThatThrownBy(() -> readAll(badTrailer))
        .isInstanceOf(BlockFileException.class)
        .hasMessageContaining("trailer says 2 blocks ending with");
  }

  @Test
  void aRecordThatIsNotACanonicalBlockIsNamedByItsHeight() {
    byte[] file = write(blocks(2));
    int headerBytes = 8 + 4 + 4 + "file-test".length() + 32 + 8 + 8;
    int firstRecord = ByteBuffer.wrap(file).getInt(headerBytes);
    // Flip a byte inside the second record's transaction payload: its txRoot no longer matches.
    int secondRecordEnd = headerBytes + 4 + firstRecord + 4 + firstRecord;
    byte[] changed = file.clone();
    changed[secondRecordEnd - 1] ^= 1;
    assertThatThrownBy(() -> readAll(changed))
        .isInstanceOf(BlockFileException.class)
        .hasMessageContaining("record 2 (height 2) is not a valid block")
        .hasMessageContaining("does not match its transactions");
  }

  @Test
  void theWriterKeepsTheAnnouncedCount() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BlockFileWriter w =
        BlockFileWriter.start(out, new BlockFileHeader(1, "file-test", GENESIS, 1, 1));
    List<Block> two = blocks(2);
    assertThatThrownBy(w::finish)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("announces 1 blocks but 0 were appended");
    w.append(two.get(0));
    assertThatThrownBy(() -> w.append(two.get(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("block 2 is one too many");
  }

  /**
   * Header bytes of {@link #write}'s files: magic, version, id length, id, genesis, first, count.
   */
  private static final int HEADER_BYTES = 8 + 4 + 4 + "file-test".length() + 32 + 8 + 8;

  @Test
  void refusesAFrameLongerThanTheBoundBeforeAllocatingIt() {
    byte[] file = write(blocks(1));
    byte[] oversized = file.clone();
    ByteBuffer.wrap(oversized).putInt(HEADER_BYTES, BlockFileReader.MAX_BLOCK_BYTES + 1);
    assertThatThrownBy(() -> readAll(oversized))
        .isInstanceOf(BlockFileException.class)
        .hasMessageContaining(
            "record 1 (height 1): length " + (BlockFileReader.MAX_BLOCK_BYTES + 1))
        .hasMessageContaining("out of range");
    for (int length : new int[] {0, -1, Integer.MIN_VALUE}) {
      byte[] bad = file.clone();
      ByteBuffer.wrap(bad).putInt(HEADER_BYTES, length);
      assertThatThrownBy(() -> readAll(bad))
          .as("length %d", length)
          .isInstanceOf(BlockFileException.class)
          .hasMessageContaining("length " + length + " is out of range");
    }
  }

  @Test
  void refusesAHeaderWithAnOutOfRangeChainIdOrNegativeCounts() {
    byte[] file = write(blocks(1));
    for (int idLength : new int[] {0, -5, 257, Integer.MAX_VALUE}) {
      byte[] bad = file.clone();
      ByteBuffer.wrap(bad).putInt(12, idLength);
      assertThatThrownBy(() -> BlockFileReader.open(new ByteArrayInputStream(bad)))
          .as("chain id length %d", idLength)
          .isInstanceOf(BlockFileException.class)
          .hasMessageContaining("chain id length " + idLength);
    }
    byte[] negativeCount = file.clone();
    ByteBuffer.wrap(negativeCount).putLong(HEADER_BYTES - 8, -1);
    assertThatThrownBy(() -> BlockFileReader.open(new ByteArrayInputStream(negativeCount)))
        .isInstanceOf(BlockFileException.class)
        .hasMessageContaining("block count -1");
    byte[] negativeFirst = file.clone();
    ByteBuffer.wrap(negativeFirst).putLong(HEADER_BYTES - 16, -3);
    assertThatThrownBy(() -> BlockFileReader.open(new ByteArrayInputStream(negativeFirst)))
        .isInstanceOf(BlockFileException.class)
        .hasMessageContaining("first height -3");
  }

  @Test
  void anEmptyInputAndAHeaderOnlyFileAreTruncated() {
    assertThatThrownBy(() -> BlockFileReader.open(new ByteArrayInputStream(new byte[0])))
        .isInstanceOf(BlockFileException.class)
        .hasMessageContaining("truncated inside its header");
    byte[] headerOnly = Arrays.copyOf(write(blocks(1)), HEADER_BYTES);
    assertThatThrownBy(() -> readAll(headerOnly))
        .isInstanceOf(BlockFileException.class)
        .hasMessageContaining("ends after 0 of them");
  }

  @Test
  void aZeroBlockFileIsHeaderAndTrailerOnly() {
    byte[] file = write(List.of());
    assertThat(readAll(file)).isEmpty();
    assertThat(file).hasSize(HEADER_BYTES + 8 + 8 + 32);
  }
}
