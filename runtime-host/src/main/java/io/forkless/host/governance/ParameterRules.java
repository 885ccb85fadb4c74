package io.forkless.host.governance;

import java.util.Optional;
import java.util.Set;

/**
 * The chain parameters governance may set and what values each accepts. Governance knows only this
 * interface; each parameter's owner (e.g. metering) says what its encoding means. A parameter
 * {@code name} lives under the host key {@code 0x00 "params/" name}.
 */
public interface ParameterRules {

  /** No parameters: every change is refused. */
  ParameterRules NONE =
      new ParameterRules() {
        @Override
        public Set<String> names() {
          return Set.of();
        }

        @Override
        public Optional<String> problem(String name, byte[] value) {
          return Optional.of("unknown parameter");
        }
      };

  /** The parameters that exist. */
  Set<String> names();

  /** Why {@code value} is not a valid value of parameter {@code name}; empty when it is. */
  Optional<String> problem(String name, byte[] value);
}
