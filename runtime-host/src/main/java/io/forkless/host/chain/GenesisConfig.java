package io.forkless.host.chain;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.hash.HashCode;
import java.util.List;
import java.util.Map;

/**
 * How a new chain starts.
 *
 * @param chainId the chain's name, recorded in every header
 * @param timestampMillis the genesis block's timestamp
 * @param runtime the genesis runtime's own section (the config's {@code [genesis.runtime]}), given
 *     to its {@code initGenesis}: deeply immutable, maps sorted by key, values {@code String},
 *     {@code Long}, {@code Boolean}, lists and maps of these ({@code Integer}s are widened to
 *     {@code Long})
 * @param runtimeCodeHash code hash of the genesis runtime, resolved through the chain's resolver
 */
public record GenesisConfig(
    String chainId, long timestampMillis, Map<String, Object> runtime, HashCode runtimeCodeHash) {

  /**
   * @throws IllegalArgumentException naming the entry when the section holds another type
   */
  public GenesisConfig {
    runtime = section(runtime, "genesis.runtime");
  }

  private static ImmutableSortedMap<String, Object> section(Map<?, ?> map, String where) {
    ImmutableSortedMap.Builder<String, Object> out = ImmutableSortedMap.naturalOrder();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException(
            where + " has a key that is not a string: " + e.getKey());
      }
      out.put(key, value(e.getValue(), where + "." + key));
    }
    return out.buildOrThrow();
  }

  private static Object value(Object v, String where) {
    if (v instanceof String || v instanceof Long || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Integer i) {
      return i.longValue();
    }
    if (v instanceof Map<?, ?> m) {
      return section(m, where);
    }
    if (v instanceof List<?> list) {
      ImmutableList.Builder<Object> out = ImmutableList.builder();
      for (int i = 0; i < list.size(); i++) {
        out.add(value(list.get(i), where + "[" + i + "]"));
      }
      return out.build();
    }
    throw new IllegalArgumentException(
        where
            + " must be a string, whole number, boolean, array or table but is "
            + (v == null ? "null" : v.getClass().getSimpleName()));
  }
}
