package io.forkless.host.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.chain.Transaction;
import io.forkless.host.chain.TxReceipt;
import io.forkless.host.state.ChainWrites;
import io.forkless.host.state.MemoryStateStore;
import io.forkless.host.state.Overlay;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes: the lifecycle records in chain state (covered by the state root) and the chain
 * records written with them, pinned key by key.
 */
class LifecycleGoldenBytesTest {

  private static HashCode sha(String s) {
    return Hashing.sha256().hashString(s, StandardCharsets.UTF_8);
  }

  @Test
  void lifecycleRecordsInState() {
    Overlay state = MemoryStateStore.create().overlay();
    LifecycleRecords.putActiveRuntime(state, RuntimeVersion.of(1, 1, 0), sha("v11"));
    LifecycleRecords.putRetained(
        state,
        List.of(
            new RetainedUpgrade(
                3,
                12,
                RuntimeVersion.of(1, 0, 0),
                sha("v1"),
                RuntimeVersion.of(1, 1, 0),
                sha("v11"))));
    LifecycleRecords.enqueue(
        state, List.of("a".getBytes(StandardCharsets.US_ASCII), new byte[] {9}), 20);
    Map<String, String> all = new TreeMap<>();
    state.scan(
        new byte[] {0},
        (k, v) -> all.put(HashCode.fromBytes(k).toString(), HashCode.fromBytes(v).toString()));
    assertThat(all.toString()).isEqualTo(GOLDEN_STATE);
    assertThat(LifecycleRecords.retained(state)).hasSize(1);
    assertThat(LifecycleRecords.queued(state)).hasSize(2);
  }

  @Test
  void failingBackRecord() {
    Overlay state = MemoryStateStore.create().overlay();
    FailingBack f =
        new FailingBack(
            new MigratingUpgrade(
                4,
                30,
                RuntimeVersion.of(1, 0, 0),
                sha("v1"),
                RuntimeVersion.of(1, 1, 0),
                sha("v11"),
                false),
            41,
            "boom");
    f.put(state);
    Map<String, String> all = new TreeMap<>();
    state.scan(
        new byte[] {0},
        (k, v) -> all.put(HashCode.fromBytes(k).toString(), HashCode.fromBytes(v).toString()));
    assertThat(all.toString()).isEqualTo(GOLDEN_FAILING_BACK);
    assertThat(FailingBack.read(state)).contains(f);
    assertThat(FailingBack.holdingSnapshot(state)).contains(f.upgrade());
    FailingBack.clear(state);
    assertThat(FailingBack.read(state)).isEmpty();
  }

  @Test
  void aLongCauseIsCutToItsLimitNeverBetweenTheHalvesOfACharacter() {
    MigratingUpgrade m =
        new MigratingUpgrade(
            1,
            2,
            RuntimeVersion.of(1, 0, 0),
            sha("a"),
            RuntimeVersion.of(2, 0, 0),
            sha("b"),
            false);
    String clef = "\uD834\uDD1E";
    String cause = "x".repeat(FailingBack.MAX_CAUSE - 1) + clef + "tail";
    FailingBack cut = new FailingBack(m, 3, cause);
    assertThat(cut.cause()).isEqualTo("x".repeat(FailingBack.MAX_CAUSE - 1));
    assertThat(FailingBack.decode(cut.encode())).isEqualTo(cut);
    assertThat(new FailingBack(m, 3, "y".repeat(2 * FailingBack.MAX_CAUSE)).cause())
        .hasSize(FailingBack.MAX_CAUSE);
  }

  @Test
  void chainRecords() {
    ChainWrites writes = new ChainWrites();
    Reexecution.record(
        21,
        List.of(
            new Reexecution.Entry(
                new byte[] {1, 2},
                new TxReceipt(Transaction.runtime(new byte[] {1, 2}).hash(), true, "ok"))),
        writes);
    StringBuilder all = new StringBuilder();
    writes.forEachPut(
        (k, v) ->
            all.append(HashCode.fromBytes(k))
                .append('=')
                .append(HashCode.fromBytes(v))
                .append(' '));
    all.append(HashCode.fromBytes(LifecycleRecords.snapshotKey(3)));
    assertThat(all.toString()).isEqualTo(GOLDEN_CHAIN);
  }

  static final String GOLDEN_FAILING_BACK =
      "{007570672f6662=010000006a010000000000000004000000000000001e0000000100000000"
          + "000000003bfc269594ef649228e9a74bab00f042efc91d5acc6fbee31a382e80d42388fe0000"
          + "000100000001000000000eee3a0bb608847ca1ac05a7689e07f625d04045c0146025136a545e"
          + "c9ccbc0900000000000000002900000004626f6f6d}";

  static final String GOLDEN_STATE =
      "{007570672f72657461696e6564=01000000010000000000000003000000000000000c000000"
          + "0100000000000000003bfc269594ef649228e9a74bab00f042efc91d5acc6fbee31a382e80d4"
          + "2388fe0000000100000001000000000eee3a0bb608847ca1ac05a7689e07f625d04045c01460"
          + "25136a545ec9ccbc09, 007570672f7271=00000000000000000000000000000002000000000"
          + "0000014, 007570672f72756e74696d65=0000000100000001000000000eee3a0bb608847ca1"
          + "ac05a7689e07f625d04045c0146025136a545ec9ccbc09, 007570672f72782f000000000000"
          + "0000=61, 007570672f72782f0000000000000001=09}";
  static final String GOLDEN_CHAIN =
      "7265780000000000000015=000000010000000201020000002b000000015e98aaa886032724d"
          + "b1ffd795b2f63b93a1d90f236e77eabfcc2913e4dd6e1d601000000026f6b 736e6170000000"
          + "0000000003";
}
