package io.forkless.host.loader;

import static org.assertj.core.api.Assertions.assertThat;

import io.forkless.host.ChildJvm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #13, state that survives between transactions: a runtime keeping a counter in a field of
 * its object (each call runs on a new instance), and one using allowed static lookup tables and
 * immutable collections, give the same roots and receipts on a node that ran all along (this JVM)
 * and on one restarted half-way (a child JVM, which loads the JAR again after two blocks). The
 * static counters and mutable statics themselves are refused at loading (the corpus's STATIC_STATE
 * cases).
 */
class StaticStateTest {

  @ParameterizedTest
  @ValueSource(strings = {"InstanceCounter", "StaticLookupTables"})
  void aNodeRestartedMidChainComputesTheSameRootsAndReceipts(String name) {
    RestartRun.Outcome continuous = RestartRun.run(RestartRun.named(name), false);
    assertThat(continuous.roots()).hasSize(RestartRun.BLOCKS);
    try (ChildJvm child =
        ChildJvm.start(List.of(), RestartRun.class, List.of(), name, "restarted")) {
      child.awaitLine(l -> l.equals("run done"), Duration.ofMinutes(3));
      assertThat(child.output())
          .contains("roots " + String.join(",", continuous.roots()))
          .contains("receipts " + String.join("|", continuous.receipts()));
    }
  }

  @Test
  void everyCallRunsOnANewRuntimeObject() {
    RestartRun.Outcome o = RestartRun.run(RestartRun.named("InstanceCounter"), false);
    assertThat(o.receipts())
        .hasSize(2 * RestartRun.BLOCKS)
        .allSatisfy(r -> assertThat(r).contains("calls=1"));
  }
}
