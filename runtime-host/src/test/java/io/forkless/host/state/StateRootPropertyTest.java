package io.forkless.host.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.HashCode;
import io.forkless.testing.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Seeded properties of the incremental state root. */
class StateRootPropertyTest {

  private record Op(byte[] key, byte[] value) {} // value == null: delete

  @ParameterizedTest
  @MethodSource("io.forkless.testing.Seeds#cases")
  void equalContentsGiveEqualRootsWhateverTheOrderOfWritesAndDeletes(long seed) {
    Random random = new Random(seed);
    List<Op> ops = randomOps(random, 1 + random.nextInt(60));
    // Final contents: the last op on each key wins. Replay the final contents in another order,
    // interleaved with writes-then-deletes of extra keys, in a different number of commits.
    Map<byte[], byte[]> finalContents = apply(ops);
    List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>(finalContents.entrySet());
    Collections.shuffle(entries, random);

    try (MemoryStateStore a = MemoryStateStore.create();
        MemoryStateStore b = MemoryStateStore.create()) {
      commitInChunks(a, ops, random);
      List<Op> other = new ArrayList<>();
      for (Op noise : randomOps(random, random.nextInt(10))) {
        other.add(new Op(noise.key(), new byte[] {1}));
      }
      for (Map.Entry<byte[], byte[]> e : entries) {
        other.add(new Op(e.getKey(), e.getValue()));
      }
      List<Op> deletes = new ArrayList<>();
      for (Op noise : other.subList(0, other.size() - entries.size())) {
        if (!finalContents.containsKey(noise.key())) {
          deletes.add(new Op(noise.key(), null)); // written, then deleted
        }
      }
      other.addAll(deletes);
      commitInChunks(b, other, random);

      assertThat(b.stateRoot()).as(Seeds.replay(seed)).isEqualTo(a.stateRoot());
      assertThat(a.recomputeStateRoot()).as(Seeds.replay(seed)).isEqualTo(a.stateRoot());
      assertThat(b.recomputeStateRoot()).as(Seeds.replay(seed)).isEqualTo(b.stateRoot());
    }
  }

  @ParameterizedTest
  @MethodSource("io.forkless.testing.Seeds#cases")
  void anySingleChangeOfAKeyOrValueChangesTheRoot(long seed) {
    Random random = new Random(seed);
    Map<byte[], byte[]> contents = apply(randomOps(random, 1 + random.nextInt(40)));
    if (contents.isEmpty()) {
      contents.put(new byte[] {7}, new byte[] {7});
    }
    HashCode root = rootOf(contents);
    List<byte[]> keys = new ArrayList<>(contents.keySet());
    byte[] victim = keys.get(random.nextInt(keys.size()));

    Map<byte[], byte[]> valueChanged = copy(contents);
    valueChanged.put(victim, flipOneBit(valueChanged.get(victim), random));
    Map<byte[], byte[]> keyChanged = copy(contents);
    byte[] value = keyChanged.remove(victim);
    byte[] newKey = flipOneBit(victim, random);
    boolean collides = keyChanged.containsKey(newKey);
    keyChanged.put(newKey, value);
    Map<byte[], byte[]> removed = copy(contents);
    removed.remove(victim);
    Map<byte[], byte[]> added = copy(contents);
    added.put(new byte[] {(byte) 0xff, (byte) random.nextInt(), 1, 2, 3, 4, 5, 6, 7, 8}, value);
    Map<byte[], byte[]> emptied = copy(contents);
    emptied.put(victim, new byte[0]);

    assertThat(rootOf(valueChanged)).as(Seeds.replay(seed)).isNotEqualTo(root);
    if (!collides) {
      assertThat(rootOf(keyChanged)).as(Seeds.replay(seed)).isNotEqualTo(root);
    }
    assertThat(rootOf(removed)).as(Seeds.replay(seed)).isNotEqualTo(root);
    assertThat(rootOf(added)).as(Seeds.replay(seed)).isNotEqualTo(root);
    if (contents.get(victim).length > 0) {
      assertThat(rootOf(emptied)).as(Seeds.replay(seed)).isNotEqualTo(root);
    }
  }

  @ParameterizedTest
  @MethodSource("io.forkless.testing.Seeds#cases")
  void keyValueBoundaryIsPartOfTheEntry(long seed) {
    Random random = new Random(seed);
    byte[] joined = new byte[2 + random.nextInt(20)];
    random.nextBytes(joined);
    int split = 1 + random.nextInt(joined.length - 1);
    LtHash a = LtHash.empty();
    a.add(Arrays.copyOf(joined, split), Arrays.copyOfRange(joined, split, joined.length));
    LtHash b = LtHash.empty();
    b.add(Arrays.copyOf(joined, split - 1), Arrays.copyOfRange(joined, split - 1, joined.length));
    assertThat(a.root()).as(Seeds.replay(seed)).isNotEqualTo(b.root());
  }

  private static HashCode rootOf(Map<byte[], byte[]> contents) {
    LtHash hash = LtHash.empty();
    contents.forEach(hash::add);
    return hash.root();
  }

  private static List<Op> randomOps(Random random, int count) {
    List<Op> ops = new ArrayList<>();
    List<byte[]> used = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] key;
      if (!used.isEmpty() && random.nextInt(3) == 0) {
        key = used.get(random.nextInt(used.size()));
      } else {
        key = new byte[1 + random.nextInt(6)];
        random.nextBytes(key);
        key[0] &= 0x7f; // leaves 0xff.. keys free for "added" entries
        used.add(key);
      }
      if (random.nextInt(4) == 0) {
        ops.add(new Op(key, null));
      } else {
        byte[] value = new byte[random.nextInt(8)];
        random.nextBytes(value);
        ops.add(new Op(key, value));
      }
    }
    return ops;
  }

  private static Map<byte[], byte[]> apply(List<Op> ops) {
    Map<byte[], byte[]> out = new TreeMap<>(Arrays::compareUnsigned);
    for (Op op : ops) {
      if (op.value() == null) {
        out.remove(op.key());
      } else {
        out.put(op.key(), op.value());
      }
    }
    return out;
  }

  private static Map<byte[], byte[]> copy(Map<byte[], byte[]> m) {
    Map<byte[], byte[]> out = new TreeMap<>(Arrays::compareUnsigned);
    out.putAll(m);
    return out;
  }

  private static byte[] flipOneBit(byte[] bytes, Random random) {
    if (bytes.length == 0) {
      return new byte[] {0};
    }
    byte[] out = bytes.clone();
    out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
    return out;
  }

  private static void commitInChunks(StateStore store, List<Op> ops, Random random) {
    int i = 0;
    while (i < ops.size()) {
      int n = 1 + random.nextInt(ops.size() - i);
      Overlay overlay = store.overlay();
      for (Op op : ops.subList(i, i + n)) {
        if (op.value() == null) {
          overlay.delete(op.key());
        } else {
          overlay.put(op.key(), op.value());
        }
      }
      store.commit(store.stage(overlay), new ChainWrites());
      i += n;
    }
  }
}
