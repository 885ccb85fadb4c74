package io.forkless.host.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.forkless.testing.Seeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code scanAfter} (the seek a stepped migration resumes with) sees exactly what a full scan sees
 * past the cursor, through committed state, an overlay and a child, on both stores.
 */
class ScanAfterTest {

  @TempDir Path dir;

  @ParameterizedTest
  @MethodSource("io.forkless.testing.Seeds#cases")
  void seesExactlyTheEntriesOfAFullScanPastTheCursorAndStopsWhenAsked(long seed) {
    try (StateStore rocks =
            RocksStateStore.open(
                dir.resolve("data"),
                StoreOptions.defaults().withDurability(StoreOptions.Durability.OS_BUFFERED));
        StateStore memory = MemoryStateStore.create()) {
      for (StateStore store : List.of(rocks, memory)) {
        Random r = new Random(seed);
        Overlay base = store.overlay();
        writeRandom(r, base, 200);
        store.commit(store.stage(base), new ChainWrites());
        Overlay block = store.overlay();
        writeRandom(r, block, 40);
        Overlay child = block.child();
        writeRandom(r, child, 40);

        byte[] prefix = {(byte) r.nextInt(3)};
        byte[] after = randomKey(r);
        if (r.nextInt(4) == 0) {
          after = new byte[0];
        }
        int limit = r.nextInt(4) == 0 ? Integer.MAX_VALUE : 1 + r.nextInt(30);
        List<String> expected = new ArrayList<>();
        byte[] bound = after;
        child.scan(
            prefix,
            (k, v) -> {
              if (bound.length == 0 || Arrays.compareUnsigned(k, bound) > 0) {
                expected.add(HexFormat.of().formatHex(k) + "=" + HexFormat.of().formatHex(v));
              }
            });
        List<String> seen = new ArrayList<>();
        child.scanAfter(
            prefix,
            after,
            (k, v) -> {
              seen.add(HexFormat.of().formatHex(k) + "=" + HexFormat.of().formatHex(v));
              return seen.size() < limit;
            });
        assertThat(seen)
            .as(Seeds.replay(seed) + " on " + store.getClass().getSimpleName())
            .isEqualTo(expected.subList(0, Math.min(limit, expected.size())));
      }
    }
  }

  private static void writeRandom(Random r, Overlay overlay, int count) {
    for (int i = 0; i < count; i++) {
      byte[] key = randomKey(r);
      if (r.nextInt(5) == 0) {
        overlay.delete(key);
      } else {
        overlay.put(key, new byte[] {(byte) r.nextInt()});
      }
    }
  }

  private static byte[] randomKey(Random r) {
    byte[] key = new byte[1 + r.nextInt(3)];
    r.nextBytes(key);
    key[0] = (byte) (1 + r.nextInt(2)); // keys under prefixes 0x01 and 0x02 (never host keys)
    return key;
  }
}
