package ${package}.runtime;

import io.forkless.api.State;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads this runtime's genesis section, the node config's {@code [genesis.runtime]} table:
 *
 * <pre>
 * [[genesis.runtime.accounts]]
 * name = "alice"            # optional: 1..32 of [a-z0-9_], usable instead of the key in calls
 * public_key = "64 hex"     # the account: a raw Ed25519 public key (forkless keys new)
 * balance = 1000000
 * </pre>
 *
 * Every entry is checked before anything is written; a bad one is refused with an {@link
 * IllegalArgumentException} naming it, and the node does not start.
 */
final class Genesis {

  private static final Set<String> ACCOUNT_KEYS = Set.of("name", "public_key", "balance");

  private Genesis() {}

  static void write(State state, Map<String, Object> section, long maxSupply) {
    for (String key : section.keySet()) {
      if (!key.equals("accounts")) {
        throw new IllegalArgumentException(
            "unknown key genesis.runtime." + key + "; the only key is accounts");
      }
    }
    Object accounts = section.getOrDefault("accounts", List.of());
    if (!(accounts instanceof List<?> list)) {
      throw new IllegalArgumentException("genesis.runtime.accounts must be an array of tables");
    }
    Set<String> keys = new HashSet<>();
    Set<String> names = new HashSet<>();
    long supply = 0;
    for (int i = 0; i < list.size(); i++) {
      String where = "genesis.runtime.accounts[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> entry)) {
        throw new IllegalArgumentException(where + " must be a table");
      }
      for (Object key : entry.keySet()) {
        if (!ACCOUNT_KEYS.contains(key)) {
          throw new IllegalArgumentException(
              "unknown key " + where + "." + key + "; known keys are balance, name, public_key");
        }
      }
      Object hex = entry.get("public_key");
      byte[] account = hex instanceof String text ? Accounts.parseKey(text) : null;
      if (account == null) {
        throw new IllegalArgumentException(
            where
                + ".public_key must be 64 lowercase hex characters (a raw Ed25519 key) but was "
                + hex);
      }
      if (!keys.add(Accounts.hex(account))) {
        throw new IllegalArgumentException(where + ".public_key " + hex + " appears twice");
      }
      Object balance = entry.get("balance");
      if (!(balance instanceof Long amount) || amount < 0 || amount > maxSupply - supply) {
        throw new IllegalArgumentException(
            where
                + ".balance must be a whole number from 0 that keeps the total supply at most "
                + maxSupply
                + " but was "
                + balance);
      }
      supply += amount;
      Object name = entry.get("name");
      if (name != null) {
        if (!(name instanceof String text) || !Accounts.validName(text)) {
          throw new IllegalArgumentException(
              where + ".name must be 1..32 of [a-z0-9_] but was '" + name + "'");
        }
        if (!names.add(text)) {
          throw new IllegalArgumentException(where + ".name '" + text + "' appears twice");
        }
      }
    }
    // All entries are valid: write them (in the order given, the same on every node).
    for (Object item : list) {
      Map<?, ?> entry = (Map<?, ?>) item;
      byte[] account = Accounts.parseKey((String) entry.get("public_key"));
      Accounts.write(state, account, new Accounts.Account((Long) entry.get("balance"), 0));
      if (entry.get("name") instanceof String name) {
        state.put(Accounts.nameKey(name), account);
      }
    }
  }
}
