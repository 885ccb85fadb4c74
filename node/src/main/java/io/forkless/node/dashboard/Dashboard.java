package io.forkless.node.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.forkless.host.ForklessHost;
import io.forkless.node.cluster.NetworkView;
import io.forkless.node.rpc.ReadMethod;
import io.forkless.node.rpc.RpcException;
import io.javalin.config.RoutesConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The operator's view of one node, assembled: the event journal, the operator metrics, the observer
 * that feeds both, the read-only RPC methods {@code forkless_dashboard} and {@code
 * forkless_events}, and the page's routes. Start it once the host is built; close it before the
 * host closes.
 */
public final class Dashboard implements AutoCloseable {

  /** How often the observer looks at the chain. */
  static final Duration OBSERVE_INTERVAL = Duration.ofMillis(250);

  /** Events per {@code forkless_events} answer at most. */
  static final int EVENTS_PER_CALL = 200;

  private final DashboardView view;
  private final EventJournal journal;
  private final NodeMetrics metrics;
  private final ChainObserver observer;
  private final StaticAssets assets;

  private Dashboard(
      DashboardView view,
      EventJournal journal,
      NodeMetrics metrics,
      ChainObserver observer,
      StaticAssets assets) {
    this.view = view;
    this.journal = journal;
    this.metrics = metrics;
    this.observer = observer;
    this.assets = assets;
  }

  /**
   * Registers the metrics on {@code meters} and starts observing {@code host}.
   *
   * @param blockTimeTarget the configured block time, shown next to the measured one
   */
  public static Dashboard start(
      ForklessHost host, MeterRegistry meters, Duration blockTimeTarget, boolean dev) {
    return start(host, meters, blockTimeTarget, dev, NetworkView.of(null, host));
  }

  /** As a validator of a network: the page's {@code network} panel and health come from it. */
  public static Dashboard start(
      ForklessHost host,
      MeterRegistry meters,
      Duration blockTimeTarget,
      boolean dev,
      NetworkView network) {
    StaticAssets assets = StaticAssets.load();
    String version = BuildInfo.version();
    EventJournal journal = new EventJournal(Clock.systemUTC());
    NodeMetrics metrics = new NodeMetrics(meters, version, host.chain().head().height());
    ChainObserver observer = ChainObserver.start(host, journal, metrics, OBSERVE_INTERVAL);
    host.coordinator().addMigrationListener(journal::migration);
    DashboardView view =
        new DashboardView(host, blockTimeTarget, dev, journal, version).withNetwork(network);
    return new Dashboard(view, journal, metrics, observer, assets);
  }

  /** The read-only JSON-RPC methods the page and {@code forkless events} use, by name. */
  public Map<String, ReadMethod> rpcMethods() {
    return Map.of("forkless_dashboard", params -> view.render(), "forkless_events", this::events);
  }

  /** Adds {@code GET /} and the page's assets. */
  public void install(RoutesConfig routes) {
    assets.install(routes);
  }

  private JsonNode events(JsonNode params) {
    JsonNode since = params.path("since");
    long after = 0;
    if (!since.isMissingNode() && !since.isNull()) {
      if (!since.isIntegralNumber() || !since.canConvertToLong() || since.longValue() < 0) {
        throw new RpcException(
            RpcException.INVALID_PARAMS,
            "params.since must be a whole number >= 0 (the last seq you have) but was " + since);
      }
      after = since.longValue();
    }
    if (after > journal.lastSeq()) {
      after = 0; // the node restarted and numbers its events from 1 again: send them all
    }
    List<ChainEvent> events = journal.since(after);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ArrayNode list = out.putArray("events");
    events.stream().limit(EVENTS_PER_CALL).forEach(e -> list.add(e.toJson()));
    long last = list.isEmpty() ? after : list.get(list.size() - 1).get("seq").asLong();
    return out.put("lastSeq", last).put("more", events.size() > EVENTS_PER_CALL);
  }

  @Override
  public void close() {
    observer.close();
    metrics.close();
  }
}
