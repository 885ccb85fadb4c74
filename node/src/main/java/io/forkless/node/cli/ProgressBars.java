package io.forkless.node.cli;

import io.forkless.host.migration.MigrationProgress;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/** One progress bar per running migration, drawn on {@code out} (standard error). */
final class ProgressBars implements MigrationProgress {

  private final PrintStream out;
  private final Map<String, ProgressBar> bars = new HashMap<>();

  ProgressBars(PrintStream out) {
    this.out = out;
  }

  @Override
  public void progress(String migration, long keysProcessed, long estimatedTotal) {
    ProgressBar bar =
        bars.computeIfAbsent(
            migration,
            name ->
                new ProgressBarBuilder()
                    .setTaskName(name)
                    .setInitialMax(estimatedTotal > 0 ? estimatedTotal : -1)
                    .setUnit(" keys", 1)
                    .setConsumer(new ConsoleProgressBarConsumer(out))
                    .build());
    if (estimatedTotal > 0) {
      bar.maxHint(estimatedTotal);
    }
    bar.stepTo(keysProcessed);
  }

  /** Closes the migration's bar, if it drew one. */
  void finish(String migration) {
    ProgressBar bar = bars.remove(migration);
    if (bar != null) {
      bar.close();
    }
  }
}
