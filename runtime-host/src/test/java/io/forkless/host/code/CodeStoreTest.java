package io.forkless.host.code;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.Receipt;
import io.forkless.testing.MemoryState;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Uploads into chain state: the happy path, and every refusal leaving the state untouched. */
class CodeStoreTest {

  private static final CodeParameters PARAMS = new CodeParameters(1000, 100, 300, 5, false, 3);
  private static final byte[] GENESIS = bytes(250, 1);

  private final CodeStore store = new CodeStore();
  private final MemoryState state = new MemoryState();
  private final byte[] jar = bytes(450, 2);
  private final HashCode hash = Hashing.sha256().hashBytes(jar);

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @BeforeEach
  void genesis() {
    store.initGenesis(state, PARAMS, GENESIS);
  }

  private Receipt upload(long height, long offset, int length) {
    return upload(
        height,
        hash,
        jar.length,
        offset,
        Arrays.copyOfRange(jar, (int) offset, (int) offset + length));
  }

  private Receipt upload(long height, HashCode h, long size, long offset, byte[] chunk) {
    return store.apply(
        state, height, new CodeUpload(h, size, offset, 0, chunk).encode(), Set.of(h));
  }

  /** Applies {@code payload} and asserts it was refused with {@code reason} and wrote nothing. */
  private void assertRefused(byte[] payload, Set<HashCode> named, String reason) {
    MemoryState before = state.copy();
    Receipt r = store.apply(state, 7, payload, named);
    assertThat(r.success()).isFalse();
    assertThat(r.message()).contains(reason);
    assertThat(state.sameContentAs(before)).isTrue();
  }

  @Test
  void genesisCodeIsCompleteAndReadable() {
    HashCode g = Hashing.sha256().hashBytes(GENESIS);
    assertThat(store.read(state, g)).hasValueSatisfying(b -> assertThat(b).isEqualTo(GENESIS));
    assertThat(store.status(state, g).entry().get().chunks()).isEqualTo(3);
    assertThat(store.parameters(state)).isEqualTo(PARAMS);
  }

  @Test
  void chunksInOrderAssembleToTheCode() {
    for (int offset = 0; offset < jar.length; offset += 100) {
      Receipt r = upload(1 + offset / 300, offset, Math.min(100, jar.length - offset));
      assertThat(r.success()).as(r.message()).isTrue();
      assertThat(store.read(state, hash).isPresent()).isEqualTo(offset + 100 >= jar.length);
    }
    assertThat(store.read(state, hash).get()).isEqualTo(jar);
    assertThat(store.status(state, hash).entry().get())
        .extracting(CodeEntry::received, CodeEntry::chunks, CodeEntry::firstHeight)
        .containsExactly(450L, 5, 1L);
  }

  @Test
  void bytesThatDoNotHashToTheCodeHashAreRefusedAtTheLastChunk() {
    for (int offset = 0; offset < 400; offset += 100) {
      assertThat(upload(1 + offset / 300, offset, 100).success()).isTrue();
    }
    byte[] wrong = Arrays.copyOfRange(jar, 400, 450);
    wrong[0] ^= 1;
    assertRefused(
        new CodeUpload(hash, 450, 400, 0, wrong).encode(), Set.of(hash), "not to code hash");
    assertThat(store.read(state, hash)).isEmpty();
  }

  @Test
  void oversizedDeclarationIsRefused() {
    assertRefused(
        new CodeUpload(hash, 1001, 0, 0, new byte[10]).encode(),
        Set.of(hash),
        "exceeds the chain's maximum code size of 1000");
    assertRefused(
        new CodeUpload(hash, Long.MAX_VALUE, 0, 0, new byte[10]).encode(),
        Set.of(hash),
        "exceeds the chain's maximum code size");
  }

  @Test
  void oversizedChunkIsRefused() {
    assertRefused(
        new CodeUpload(hash, 450, 0, 0, Arrays.copyOf(jar, 101)).encode(),
        Set.of(hash),
        "exceeds the chain's maximum of 100 bytes per upload");
  }

  @Test
  void chunkOutOfOrderOrDuplicatedIsRefused() {
    assertThat(upload(1, 0, 100).success()).isTrue();
    assertRefused(
        new CodeUpload(hash, 450, 200, 0, Arrays.copyOfRange(jar, 200, 300)).encode(),
        Set.of(hash),
        "chunk out of order");
    assertRefused(
        new CodeUpload(hash, 450, 0, 1, Arrays.copyOfRange(jar, 0, 100)).encode(),
        Set.of(hash),
        "duplicate chunk");
    assertRefused(
        new CodeUpload(hash, 450, 50, 1, Arrays.copyOfRange(jar, 50, 150)).encode(),
        Set.of(hash),
        "duplicate chunk");
    assertRefused(
        new CodeUpload(hash, 451, 100, 1, Arrays.copyOfRange(jar, 100, 200)).encode(),
        Set.of(hash),
        "differs from the 450 bytes");
  }

  @Test
  void hashNoProposalNamesIsRefused() {
    assertRefused(
        new CodeUpload(hash, 450, 0, 0, Arrays.copyOf(jar, 100)).encode(),
        Set.of(Hashing.sha256().hashBytes(GENESIS.clone())),
        "no open proposal names code hash " + hash);
    assertRefused(
        new CodeUpload(hash, 450, 0, 0, Arrays.copyOf(jar, 100)).encode(),
        Set.of(),
        "propose first");
  }

  @Test
  void completeCodeIsNotUploadedAgain() {
    HashCode g = Hashing.sha256().hashBytes(GENESIS);
    assertRefused(
        new CodeUpload(g, 250, 0, 0, Arrays.copyOf(GENESIS, 100)).encode(),
        Set.of(g),
        "already on chain");
  }

  @Test
  void chunkPastTheDeclaredSizeIsRefused() {
    assertRefused(
        new CodeUpload(hash, 50, 0, 0, Arrays.copyOf(jar, 100)).encode(),
        Set.of(hash),
        "past the declared size of 50");
  }

  @Test
  void aFloodOfChunksStopsAtTheBlockBudget() {
    assertThat(upload(7, 0, 100).success()).isTrue();
    assertThat(upload(7, 100, 100).success()).isTrue();
    assertThat(upload(7, 200, 100).success()).isTrue();
    assertRefused(
        new CodeUpload(hash, 450, 300, 0, Arrays.copyOfRange(jar, 300, 400)).encode(),
        Set.of(hash),
        "upload budget of 300 bytes is used up");
    // The next block has a fresh budget.
    assertThat(upload(8, 300, 100).success()).isTrue();
  }

  @Test
  void malformedPayloadsAreRefused() {
    byte[] good = new CodeUpload(hash, 450, 0, 0, Arrays.copyOf(jar, 100)).encode();
    for (byte[] bad :
        List.of(
            new byte[] {0x10},
            Arrays.copyOf(good, good.length - 1),
            Arrays.copyOf(good, good.length + 1))) {
      assertRefused(bad, Set.of(hash), "malformed code upload");
    }
    byte[] hugeLength = good.clone();
    hugeLength[CodeUpload.OVERHEAD - 4] = 0x7f;
    assertRefused(hugeLength, Set.of(hash), "truncated");
  }

  @Test
  void unreferencedCodeIsPrunedAfterTheParameterAndReferencedCodeStays() {
    HashCode g = Hashing.sha256().hashBytes(GENESIS);
    for (int offset = 0; offset < jar.length; offset += 100) {
      upload(1 + offset / 300, offset, Math.min(100, jar.length - offset));
    }
    assertThat(store.prune(state, 10, Set.of(g))).isEmpty();
    assertThat(store.status(state, hash).entry().get().unreferencedSince()).isEqualTo(10);
    // Referenced again before the end: the mark is cleared.
    store.prune(state, 12, Set.of(g, hash));
    assertThat(store.status(state, hash).entry().get().unreferencedSince()).isEqualTo(-1);
    store.prune(state, 13, Set.of(g));
    assertThat(store.prune(state, 17, Set.of(g))).isEmpty();
    assertThat(store.prune(state, 18, Set.of(g))).containsExactly(hash);
    assertThat(store.status(state, hash).entry()).isEmpty();
    assertThat(store.read(state, g)).isPresent();
    MemoryState fresh = new MemoryState();
    store.initGenesis(fresh, PARAMS, GENESIS);
    store.prune(fresh, 10, Set.of(g));
    // Nothing of the pruned code is left in state: only the genesis records and marks differ.
    assertThat(store.entries(state).keySet()).containsExactly(g);
  }

  @Test
  void aStalledPartialUploadIsPrunedEvenWhenNamed() {
    assertThat(upload(1, 0, 100).success()).isTrue();
    assertThat(store.prune(state, 5, Set.of(hash))).isEmpty();
    assertThat(store.prune(state, 6, Set.of(hash))).containsExactly(hash);
    // The right bytes can now be uploaded from the start.
    assertThat(upload(7, 0, 100).success()).isTrue();
  }
}
