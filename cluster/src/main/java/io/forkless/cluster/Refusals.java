package io.forkless.cluster;

import com.google.common.hash.HashCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The most recent transactions this node's mempool refused, with why. Thread-safe, bounded. */
final class Refusals {

  private final Map<HashCode, String> reasons;

  Refusals(int capacity) {
    this.reasons =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<HashCode, String> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized void record(HashCode hash, String reason) {
    reasons.put(hash, reason);
  }

  synchronized Optional<String> reason(HashCode hash) {
    return Optional.ofNullable(reasons.get(hash));
  }
}
