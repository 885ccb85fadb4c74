package io.forkless.host.code;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import io.forkless.api.StateView;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runtime and migration-plugin code in chain state: the one API the rest of the host (and the
 * network layer) uses to put code on chain, read it back by hash, and prune it. Stateless (the code
 * lives in the {@link State} given), so one instance serves every block; thread-safe.
 *
 * <p>Rules of an upload (each refusal is a rejected receipt and writes nothing): the code hash must
 * be named by the open proposal (its runtime or a plugin of its plan), not already be complete on
 * chain, declare a size of at most {@link CodeParameters#maxCodeSize()}, carry at most {@link
 * CodeParameters#maxChunkBytes()}, start exactly where the upload so far ends (no gap, no
 * repetition), keep the declared size, stay within this block's {@link
 * CodeParameters#maxUploadBytesPerBlock()}, and, when it is the last chunk, make the whole hash to
 * the code hash.
 */
public final class CodeStore {

  private static final Logger log = LoggerFactory.getLogger(CodeStore.class);

  /** What a node can say about one code hash on chain. */
  public record Status(HashCode codeHash, Optional<CodeEntry> entry) {
    public boolean complete() {
      return entry.map(CodeEntry::complete).orElse(false);
    }

    /** Bytes uploaded so far (0 when nothing is). */
    public long received() {
      return entry.map(CodeEntry::received).orElse(0L);
    }
  }

  /** The chain's code parameters (the defaults on a chain whose genesis predates them). */
  public CodeParameters parameters(StateView state) {
    return CodeRecords.parameters(state);
  }

  /**
   * Writes the genesis state's code records: the parameters and the genesis runtime's bytes as
   * complete code (one chunk record per {@link CodeParameters#maxChunkBytes()}).
   */
  public void initGenesis(State state, CodeParameters parameters, byte[] genesisRuntime) {
    state.put(CodeRecords.PARAMS, parameters.encode());
    putComplete(state, Hashing.sha256().hashBytes(genesisRuntime), genesisRuntime, parameters, 0);
  }

  private static void putComplete(
      State state, HashCode hash, byte[] jar, CodeParameters parameters, long height) {
    int chunk = parameters.maxChunkBytes();
    int index = 0;
    for (int from = 0; from < jar.length; from += chunk, index++) {
      int to = Math.min(jar.length, from + chunk);
      state.put(CodeRecords.chunkKey(hash, index), java.util.Arrays.copyOfRange(jar, from, to));
    }
    state.put(
        CodeRecords.entryKey(hash),
        new CodeEntry(jar.length, jar.length, index, true, height, height, -1).encode());
  }

  /**
   * Applies one upload transaction's payload at {@code height}. Never throws for bad input.
   *
   * @param named the code hashes the open proposal names (runtime and plugins)
   */
  public Receipt apply(State state, long height, byte[] payload, Set<HashCode> named) {
    CodeUpload u;
    try {
      u = CodeUpload.decode(payload);
    } catch (IllegalArgumentException e) {
      return Receipt.rejected("malformed code upload: " + e.getMessage());
    }
    CodeParameters p = parameters(state);
    Optional<CodeEntry> existing = CodeRecords.entry(state, u.codeHash());
    if (existing.map(CodeEntry::complete).orElse(false)) {
      return Receipt.rejected("code " + u.codeHash() + " is already on chain; nothing to upload");
    }
    if (!named.contains(u.codeHash())) {
      return Receipt.rejected(
          "no open proposal names code hash "
              + u.codeHash()
              + ": only code of the open proposal (its runtime or a migration plugin of its plan)"
              + " can be uploaded; propose first");
    }
    if (u.declaredSize() > p.maxCodeSize()) {
      return Receipt.rejected(
          "declared size "
              + u.declaredSize()
              + " bytes exceeds the chain's maximum code size of "
              + p.maxCodeSize()
              + " bytes");
    }
    if (u.length() > p.maxChunkBytes()) {
      return Receipt.rejected(
          "chunk of "
              + u.length()
              + " bytes exceeds the chain's maximum of "
              + p.maxChunkBytes()
              + " bytes per upload transaction");
    }
    CodeEntry entry =
        existing.orElse(new CodeEntry(u.declaredSize(), 0, 0, false, height, height, -1));
    if (entry.declaredSize() != u.declaredSize()) {
      return Receipt.rejected(
          "declared size "
              + u.declaredSize()
              + " differs from the "
              + entry.declaredSize()
              + " bytes the upload in progress declared");
    }
    if (u.offset() < entry.received()) {
      return Receipt.rejected(
          "duplicate chunk: bytes from "
              + u.offset()
              + " of code "
              + u.codeHash()
              + " are already uploaded (received "
              + entry.received()
              + "); send the chunk at offset "
              + entry.received());
    }
    if (u.offset() > entry.received()) {
      return Receipt.rejected(
          "chunk out of order: it starts at "
              + u.offset()
              + " but the upload of code "
              + u.codeHash()
              + " has "
              + entry.received()
              + " bytes; send the chunk at offset "
              + entry.received()
              + " first");
    }
    long end = u.offset() + u.length();
    if (end > u.declaredSize()) {
      return Receipt.rejected(
          "chunk ends at byte " + end + ", past the declared size of " + u.declaredSize());
    }
    long used = CodeRecords.blockBytes(state, height);
    if (used + u.length() > p.maxUploadBytesPerBlock()) {
      return Receipt.rejected(
          "this block's upload budget of "
              + p.maxUploadBytesPerBlock()
              + " bytes is used up ("
              + used
              + " used): send the chunk again in a later block");
    }
    boolean last = end == u.declaredSize();
    if (last) {
      byte[] whole =
          CodeRecords.concat(
              CodeRecords.assemble(state, u.codeHash(), u.declaredSize()), u.bytes());
      HashCode actual = Hashing.sha256().hashBytes(whole);
      if (whole.length != u.declaredSize() || !actual.equals(u.codeHash())) {
        return Receipt.rejected(
            "the uploaded bytes hash to "
                + actual
                + ", not to code hash "
                + u.codeHash()
                + ": the last chunk is refused (the partial upload is pruned after "
                + p.pruneAfterBlocks()
                + " blocks without progress)");
      }
    }
    state.put(CodeRecords.chunkKey(u.codeHash(), entry.chunks()), u.bytes());
    state.put(
        CodeRecords.entryKey(u.codeHash()), entry.plusChunk(u.length(), height, last).encode());
    CodeRecords.putBlockBytes(state, height, used + u.length());
    if (last) {
      log.info(
          "Code {} ({} bytes) is complete on chain at height {}",
          u.codeHash(),
          u.declaredSize(),
          height);
      return Receipt.ok(
          "code " + u.codeHash() + " complete (" + u.declaredSize() + " bytes, hash checked)");
    }
    return Receipt.ok(
        "code " + u.codeHash() + ": " + end + " of " + u.declaredSize() + " bytes uploaded");
  }

  /** The complete code with {@code hash}, if it is on chain. */
  public Optional<byte[]> read(StateView state, HashCode hash) {
    return CodeRecords.entry(state, hash)
        .filter(CodeEntry::complete)
        .map(e -> CodeRecords.assemble(state, hash, e.declaredSize()));
  }

  /** What chain state holds of {@code hash}. */
  public Status status(StateView state, HashCode hash) {
    return new Status(hash, CodeRecords.entry(state, hash));
  }

  /** Every code hash in state, complete or in progress, in key order. */
  public Map<HashCode, CodeEntry> entries(StateView state) {
    return CodeRecords.entries(state);
  }

  /**
   * Marks and prunes unreferenced code at {@code height}: code that {@code referenced} does not
   * contain (and partial uploads without a new chunk) for {@link CodeParameters#pruneAfterBlocks()}
   * blocks is deleted. Call once per block, in the block's overlay.
   *
   * @param referenced the active runtime, the code retained for rollback, the open proposal's code
   * @return the code hashes pruned
   */
  public Set<HashCode> prune(State state, long height, Set<HashCode> referenced) {
    long after = parameters(state).pruneAfterBlocks();
    Set<HashCode> pruned = new java.util.LinkedHashSet<>();
    for (Map.Entry<HashCode, CodeEntry> e : CodeRecords.entries(state).entrySet()) {
      HashCode hash = e.getKey();
      CodeEntry entry = e.getValue();
      boolean stalled = !entry.complete() && height - entry.lastHeight() >= after;
      if (referenced.contains(hash) && !stalled) {
        if (entry.unreferencedSince() >= 0) {
          state.put(CodeRecords.entryKey(hash), entry.withUnreferencedSince(-1).encode());
        }
        continue;
      }
      if (stalled
          || (entry.unreferencedSince() >= 0 && height - entry.unreferencedSince() >= after)) {
        CodeRecords.delete(state, hash);
        pruned.add(hash);
        log.info(
            "Pruned code {} ({}, {} bytes) at height {}: {}",
            hash,
            entry.complete() ? "complete" : "partial",
            entry.received(),
            height,
            stalled
                ? "no chunk since height " + entry.lastHeight()
                : "unreferenced since height " + entry.unreferencedSince());
      } else if (entry.unreferencedSince() < 0) {
        state.put(CodeRecords.entryKey(hash), entry.withUnreferencedSince(height).encode());
      }
    }
    return pruned;
  }
}
