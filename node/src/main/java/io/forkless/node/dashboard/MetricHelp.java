package io.forkless.node.dashboard;

import com.google.common.collect.ImmutableMap;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.Map;

/**
 * Gives the meters registered without a description (the host's upgrade counters and timers) their
 * Prometheus HELP text, so every metric on {@code /metrics} explains itself. A description given at
 * registration always wins. Install it on the registry before any meter is registered.
 */
public final class MetricHelp implements MeterFilter {

  /** HELP texts by Micrometer meter name. */
  static final Map<String, String> TEXTS =
      ImmutableMap.<String, String>builder()
          .put("forkless.runtime.version.major", "major version of the active runtime")
          .put("forkless.runtime.version.minor", "minor version of the active runtime")
          .put("forkless.runtime.version.patch", "patch version of the active runtime")
          .put(
              "forkless.upgrades.executed",
              "upgrades executed at their activation height (the new runtime became active)")
          .put(
              "forkless.upgrades.failed",
              "upgrades that failed at their activation height (the old runtime stayed active)")
          .put("forkless.upgrades.rolledback", "executed upgrades rolled back by governance")
          .put(
              "forkless.upgrade.migration",
              "time an upgrade's migrations and validations took in its activation block")
          .put(
              "forkless.upgrade.swap.pause",
              "extra time of an activation block: snapshot, migrations and runtime swap")
          .build();

  @Override
  public Meter.Id map(Meter.Id id) {
    String help = TEXTS.get(id.getName());
    if (help == null || (id.getDescription() != null && !id.getDescription().isBlank())) {
      return id;
    }
    return new Meter.Id(
        id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), help, id.getType());
  }
}
