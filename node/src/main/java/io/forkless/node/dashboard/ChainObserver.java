package io.forkless.node.dashboard;

import io.forkless.host.ForklessHost;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the chain at a fixed interval on one daemon thread and hands each {@link Observation} to
 * the event journal and the metrics. Read-only: a failed look is logged and the next one tries
 * again; it never touches block production. {@link #close} stops it (before the host closes).
 */
final class ChainObserver implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ChainObserver.class);

  private final ForklessHost host;
  private final EventJournal journal;
  private final NodeMetrics metrics;
  private final ScheduledExecutorService timer;
  private String lastFailure = "";

  private ChainObserver(ForklessHost host, EventJournal journal, NodeMetrics metrics) {
    this.host = host;
    this.journal = journal;
    this.metrics = metrics;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "forkless-dashboard-observer");
              t.setDaemon(true);
              return t;
            });
  }

  /** Observes once now (so the journal has the chain's history at once), then every interval. */
  static ChainObserver start(
      ForklessHost host, EventJournal journal, NodeMetrics metrics, Duration interval) {
    ChainObserver observer = new ChainObserver(host, journal, metrics);
    observer.observeOnce();
    observer.timer.scheduleWithFixedDelay(
        observer::observeOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return observer;
  }

  void observeOnce() {
    try {
      Observation now = Observation.of(host);
      journal.observe(now);
      metrics.observe(now, host);
      lastFailure = "";
    } catch (RuntimeException e) {
      // Reported once per distinct cause, not at every tick.
      if (!String.valueOf(e.getMessage()).equals(lastFailure)) {
        lastFailure = String.valueOf(e.getMessage());
        log.warn(
            "dashboard: could not read the chain ({}); events and metrics catch up at the next"
                + " look",
            e.toString());
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("dashboard observer did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
