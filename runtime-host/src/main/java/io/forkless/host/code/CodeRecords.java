package io.forkless.host.code;

import com.google.common.hash.HashCode;
import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.host.codec.Codec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where code lives in chain state, under the host namespace (invisible to runtimes, covered by the
 * state root):
 *
 * <pre>
 * 0x00 "code/params"                 CodeParameters (written at genesis)
 * 0x00 "code/m/" hash(32)            CodeEntry: size, progress, complete, heights
 * 0x00 "code/c/" hash(32) index(4)   one chunk's bytes, in upload order
 * 0x00 "code/blk"                    this block's upload bytes: height (8), bytes (8)
 * </pre>
 */
final class CodeRecords {

  static final byte[] PARAMS = key("params");
  static final byte[] ENTRIES = key("m/");
  static final byte[] CHUNKS = key("c/");
  static final byte[] BLOCK = key("blk");

  private CodeRecords() {}

  private static byte[] key(String name) {
    byte[] text = ("code/" + name).getBytes(StandardCharsets.US_ASCII);
    byte[] k = new byte[text.length + 1];
    System.arraycopy(text, 0, k, 1, text.length);
    return k;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static byte[] entryKey(HashCode hash) {
    return concat(ENTRIES, hash.asBytes());
  }

  static byte[] chunkPrefix(HashCode hash) {
    return concat(CHUNKS, hash.asBytes());
  }

  static byte[] chunkKey(HashCode hash, int index) {
    return concat(chunkPrefix(hash), new Codec.Writer().i32(index).toByteArray());
  }

  static CodeParameters parameters(StateView state) {
    return state.get(PARAMS).map(CodeParameters::decode).orElse(CodeParameters.defaults());
  }

  static Optional<CodeEntry> entry(StateView state, HashCode hash) {
    return state.get(entryKey(hash)).map(CodeEntry::decode);
  }

  /** Every code hash with an entry, in key order. */
  static Map<HashCode, CodeEntry> entries(StateView state) {
    Map<HashCode, CodeEntry> all = new LinkedHashMap<>();
    state.scan(
        ENTRIES,
        (k, v) ->
            all.put(
                HashCode.fromBytes(Arrays.copyOfRange(k, ENTRIES.length, k.length)),
                CodeEntry.decode(v)));
    return all;
  }

  /** Bytes uploaded so far in the block at {@code height}. */
  static long blockBytes(StateView state, long height) {
    return state
        .get(BLOCK)
        .map(
            b -> {
              Codec.Reader r = new Codec.Reader(b);
              long h = r.i64("height");
              long bytes = r.i64("bytes");
              r.expectEnd("block upload record");
              return h == height ? bytes : 0L;
            })
        .orElse(0L);
  }

  static void putBlockBytes(State state, long height, long bytes) {
    state.put(BLOCK, new Codec.Writer().i64(height).i64(bytes).toByteArray());
  }

  /** The chunks of {@code hash} joined, in order. */
  static byte[] assemble(StateView state, HashCode hash, long expectedSize) {
    if (expectedSize > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("code of " + expectedSize + " bytes cannot be assembled");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) expectedSize);
    state.scan(chunkPrefix(hash), (k, v) -> out.writeBytes(v));
    return out.toByteArray();
  }

  static void delete(State state, HashCode hash) {
    List<byte[]> keys = new ArrayList<>();
    state.scan(chunkPrefix(hash), (k, v) -> keys.add(k));
    keys.forEach(state::delete);
    state.delete(entryKey(hash));
  }
}
