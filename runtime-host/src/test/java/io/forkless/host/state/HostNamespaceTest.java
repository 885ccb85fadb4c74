package io.forkless.host.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.forkless.api.State;
import io.forkless.testing.MemoryState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostNamespaceTest {

  private static final byte[] HOST_KEY = {0, 'g', 'o', 'v'};
  private static final byte[] USER_KEY = {'a', 'c', 'c', 't'};

  @Test
  void loadedCodeCannotSeeOrWriteHostKeys() {
    MemoryState raw = new MemoryState();
    raw.put(HOST_KEY, new byte[] {1});
    raw.put(USER_KEY, new byte[] {2});
    State guarded = HostNamespace.guard((State) raw);

    assertThat(guarded.get(HOST_KEY)).isEmpty();
    assertThat(guarded.get(USER_KEY)).isPresent();
    List<byte[]> seen = new ArrayList<>();
    guarded.scan(new byte[0], (k, v) -> seen.add(k));
    assertThat(seen).containsExactly(USER_KEY);
    assertThatThrownBy(() -> guarded.put(HOST_KEY, new byte[] {9}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keys starting with byte 0x00 belong to the host");
    assertThatThrownBy(() -> guarded.delete(HOST_KEY)).isInstanceOf(IllegalArgumentException.class);
    assertThat(raw.get(HOST_KEY)).hasValueSatisfying(v -> assertThat(v).containsExactly(1));
    guarded.put(USER_KEY, new byte[] {3});
    assertThat(raw.get(USER_KEY)).hasValueSatisfying(v -> assertThat(v).containsExactly(3));
  }

  @Test
  void aResumedScanSkipsHostKeysWithoutCountingThemAsVisited() {
    MemoryState raw = new MemoryState();
    raw.put(HOST_KEY, new byte[] {1});
    raw.put(new byte[] {0, 'z'}, new byte[] {1});
    raw.put(USER_KEY, new byte[] {2});
    State guarded = HostNamespace.guard((State) raw);

    List<byte[]> seen = new ArrayList<>();
    guarded.scanAfter(
        new byte[0],
        new byte[0],
        (k, v) -> {
          seen.add(k);
          return false; // stop after the first visible entry
        });

    assertThat(seen).containsExactly(USER_KEY);
  }
}
