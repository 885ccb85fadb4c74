package io.forkless.host.loader;

import static org.assertj.core.api.Assertions.assertThat;

import io.forkless.host.ChildJvm;
import io.forkless.host.chain.TxReceipt;
import io.forkless.testing.hostile.HostileCorpus;
import io.forkless.testing.hostile.HostileCorpus.Category;
import io.forkless.testing.hostile.HostileCorpus.Expect;
import io.forkless.testing.hostile.HostileCorpus.HostileCase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile corpus (issue #13) against the real loader, instrumentation and chain: every case is
 * refused when loaded with its specific reason, or runs with every transaction ending
 * deterministically and the chain going on; two replays in separate JVMs (different stack sizes and
 * collectors, so different identity hashes and stack depths) print the same roots and receipts.
 */
class HostileCorpusTest {

  static List<HostileCase> cases() {
    return HostileCorpus.cases();
  }

  @Test
  void theCorpusHasAtLeastFortyCasesCoveringEveryCategory() {
    assertThat(cases()).hasSizeGreaterThanOrEqualTo(40);
    assertThat(cases().stream().map(HostileCase::category).distinct())
        .containsExactlyInAnyOrder(Category.values());
    assertThat(cases().stream().map(HostileCase::name).distinct()).hasSize(cases().size());
  }

  // A hang here is the bug under test: fail instead of stalling the build.
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachCaseIsRefusedWithItsReasonOrRunsToAnEndTwiceAlike(HostileCase c) {
    CorpusRun.Outcome first = CorpusRun.run(c);
    if (c.expect() == Expect.REFUSED) {
      assertThat(first.refused()).as("%s was loaded", c).isTrue();
      assertThat(first.refusal()).contains(c.detail());
      return;
    }
    assertThat(first.refused()).as("%s was refused: %s", c, first.refusal()).isFalse();
    assertThat(first.roots()).hasSize(CorpusRun.BLOCKS + 1);
    assertThat(first.receipts())
        .hasSize(CorpusRun.BLOCKS * CorpusRun.TRANSACTIONS_PER_BLOCK)
        .allSatisfy(r -> assertThat(r.message()).contains(c.detail()));
    if (!c.detail().isEmpty()) {
      assertThat(first.receipts()).noneMatch(TxReceipt::success);
    }
    CorpusRun.Outcome second = CorpusRun.run(c);
    assertThat(second.roots()).isEqualTo(first.roots());
    assertThat(second.receipts()).isEqualTo(first.receipts());
  }

  @Test
  void twoReplaysInSeparateJvmsAgreeOnEveryRootAndReceipt() {
    Map<String, String> a = replayInChild("-Xss512k", "-XX:+UseSerialGC");
    Map<String, String> b = replayInChild("-Xss4m", "-XX:+UseParallelGC");
    assertThat(a).hasSize(cases().size());
    assertThat(b).isEqualTo(a);
    Map<String, String> here =
        cases().stream()
            .collect(
                Collectors.toMap(
                    HostileCase::name, c -> CorpusRun.run(c).line(), (x, y) -> x, TreeMap::new));
    assertThat(a).isEqualTo(here);
  }

  private static Map<String, String> replayInChild(String... jvmOptions) {
    try (ChildJvm child = ChildJvm.start(List.of(jvmOptions), CorpusRun.class, List.of())) {
      child.awaitLine(l -> l.equals("corpus done"), Duration.ofMinutes(5));
      return child.output().stream()
          .filter(l -> l.startsWith("case "))
          .map(l -> l.split(" ", 3))
          .collect(Collectors.toMap(p -> p[1], p -> p[2], (x, y) -> x, TreeMap::new));
    }
  }
}
