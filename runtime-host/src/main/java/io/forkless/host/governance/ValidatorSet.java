package io.forkless.host.governance;

import com.google.common.collect.ImmutableSortedMap;
import java.util.Collection;
import java.util.Optional;

/** The validators and their stake, fixed at genesis. Immutable and thread-safe. */
public final class ValidatorSet {

  private final ImmutableSortedMap<String, Validator> byName;
  private final long totalStake;

  private ValidatorSet(ImmutableSortedMap<String, Validator> byName, long totalStake) {
    this.byName = byName;
    this.totalStake = totalStake;
  }

  /**
   * @throws IllegalArgumentException if empty, a name repeats, or the total stake overflows
   */
  public static ValidatorSet of(Collection<Validator> validators) {
    if (validators.isEmpty()) {
      throw new IllegalArgumentException("a chain needs at least one validator");
    }
    ImmutableSortedMap.Builder<String, Validator> builder = ImmutableSortedMap.naturalOrder();
    long total = 0;
    for (Validator v : validators) {
      total = Math.addExact(total, v.stake());
      builder.put(v.name(), v);
    }
    try {
      return new ValidatorSet(builder.buildOrThrow(), total);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("validator names must be unique: " + e.getMessage(), e);
    }
  }

  /** The validator called {@code name}, if there is one. */
  public Optional<Validator> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Every validator, by name. */
  public ImmutableSortedMap<String, Validator> all() {
    return byName;
  }

  /** The sum of every validator's stake. */
  public long totalStake() {
    return totalStake;
  }
}
