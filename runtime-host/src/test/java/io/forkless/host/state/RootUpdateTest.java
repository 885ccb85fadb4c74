package io.forkless.host.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.forkless.testing.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A batch large enough to be hashed on every core gives exactly the sequential root. */
class RootUpdateTest {

  @ParameterizedTest
  @MethodSource("io.forkless.testing.Seeds#cases")
  void parallelSlicesGiveTheSameRootAsHashingInOrder(long seed) {
    Random random = new Random(seed);
    int n = RootUpdate.PARALLEL_THRESHOLD + random.nextInt(20_000);
    List<byte[]> keys = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    List<byte[]> olds = new ArrayList<>();
    LtHash committed = LtHash.empty();
    for (int i = 0; i < n; i++) {
      byte[] key = new byte[4 + random.nextInt(8)];
      random.nextBytes(key);
      keys.add(key);
      int kind = random.nextInt(4); // 0 new key, 1 changed, 2 deleted, 3 unchanged
      byte[] old = kind == 0 ? null : new byte[] {(byte) random.nextInt(), 1};
      byte[] value =
          kind == 2 ? null : kind == 3 ? old.clone() : new byte[] {(byte) random.nextInt(), 2};
      olds.add(old);
      values.add(value);
      if (old != null) {
        committed.add(key, old);
      }
    }
    LtHash sequential = committed.copy();
    for (int i = 0; i < n; i++) {
      if (olds.get(i) != null) {
        sequential.remove(keys.get(i), olds.get(i));
      }
      if (values.get(i) != null) {
        sequential.add(keys.get(i), values.get(i));
      }
    }

    LtHash parallel =
        RootUpdate.apply(
            committed,
            keys,
            values,
            slice -> {
              int from = indexOf(keys, slice.get(0));
              return olds.subList(from, from + slice.size());
            });

    assertThat(parallel.root()).as(Seeds.replay(seed)).isEqualTo(sequential.root());
  }

  private static int indexOf(List<byte[]> keys, byte[] first) {
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i) == first) {
        return i;
      }
    }
    throw new AssertionError("slice starts with an unknown key");
  }
}
