package io.forkless.sample.balances.v1_0;

import io.forkless.api.State;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the balances runtimes' genesis section (the node config's {@code [genesis.runtime]}):
 *
 * <pre>
 * [[genesis.runtime.accounts]]
 * name = "alice"            # optional, 1..32 of [a-z0-9_]
 * public_key = "64 hex"     # the account: a raw Ed25519 public key
 * balance = 1000000000
 * </pre>
 */
final class Genesis {

  private static final Set<String> SECTION_KEYS = Set.of("accounts");
  private static final Set<String> ACCOUNT_KEYS = Set.of("name", "public_key", "balance");

  private Genesis() {}

  static void write(State state, Map<String, Object> section, BalancesRuntime runtime) {
    for (String key : section.keySet()) {
      if (!SECTION_KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "unknown key genesis.runtime." + key + "; known keys are [accounts]");
      }
    }
    Object accounts = section.getOrDefault("accounts", List.of());
    if (!(accounts instanceof List<?> list)) {
      throw new IllegalArgumentException("genesis.runtime.accounts must be an array of tables");
    }
    Set<String> keys = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String where = "genesis.runtime.accounts[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> entry)) {
        throw new IllegalArgumentException(where + " must be a table");
      }
      for (Object key : entry.keySet()) {
        if (!ACCOUNT_KEYS.contains(key)) {
          throw new IllegalArgumentException(
              "unknown key " + where + "." + key + "; known keys are [balance, name, public_key]");
        }
      }
      byte[] account = entry.get("public_key") instanceof String hex ? Codec.parseKey(hex) : null;
      if (account == null) {
        throw new IllegalArgumentException(
            where + ".public_key must be 64 lowercase hex characters (a raw Ed25519 key)");
      }
      if (!keys.add(Codec.hex(account))) {
        throw new IllegalArgumentException(where + ".public_key appears twice");
      }
      if (!(entry.get("balance") instanceof Long balance) || balance < 0) {
        throw new IllegalArgumentException(
            where + ".balance must be a whole number >= 0 but was " + entry.get("balance"));
      }
      Object name = entry.get("name");
      if (name != null) {
        if (!(name instanceof String text) || !Codec.isValidName(text)) {
          throw new IllegalArgumentException(
              where + ".name must be 1..32 of [a-z0-9_] but was '" + name + "'");
        }
        if (!names.add(text)) {
          throw new IllegalArgumentException(where + ".name '" + text + "' appears twice");
        }
        state.put(Codec.nameKey(text), account);
      }
      runtime.writeAccount(state, account, runtime.newAccount(balance));
    }
  }
}
