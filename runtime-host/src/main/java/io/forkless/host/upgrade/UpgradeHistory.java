package io.forkless.host.upgrade;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upgrades this node's coordinator handled since it started, and the listeners told about each
 * change. A view for embedders and tests: the chain state (governance's proposal records and the
 * lifecycle records) is what a restarted node goes by. Callers synchronize.
 */
final class UpgradeHistory {

  private static final Logger log = LoggerFactory.getLogger(UpgradeHistory.class);

  private final List<UpgradeRecord> records = new ArrayList<>();
  private final List<UpgradeListener> listeners = new CopyOnWriteArrayList<>();

  void addListener(UpgradeListener listener) {
    listeners.add(listener);
  }

  void add(UpgradeRecord record) {
    records.add(record);
  }

  /** Replaces the record with the same id (or adds it); returns {@code updated}. */
  UpgradeRecord replace(UpgradeRecord updated) {
    for (int i = records.size() - 1; i >= 0; i--) {
      if (records.get(i).id() == updated.id()) {
        records.set(i, updated);
        return updated;
      }
    }
    records.add(updated);
    return updated;
  }

  Optional<UpgradeRecord> last() {
    return records.isEmpty() ? Optional.empty() : Optional.of(records.get(records.size() - 1));
  }

  ImmutableList<UpgradeRecord> all() {
    return ImmutableList.copyOf(records);
  }

  /** Tells every listener; a listener that throws is logged and skipped. */
  void publish(UpgradeEvent event) {
    for (UpgradeListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        log.warn("Upgrade listener {} failed on {}: {}", listener, event, e.toString());
      }
    }
  }
}
