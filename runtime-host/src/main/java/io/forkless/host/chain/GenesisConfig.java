package io.forkless.host.chain;

import com.google.common.hash.HashCode;
import java.util.Map;

/**
 * How a new chain starts.
 *
 * @param chainId the chain's name, recorded in every header
 * @param timestampMillis the genesis block's timestamp
 * @param balances initial balances, given to the genesis runtime's {@code initGenesis}
 * @param runtimeCodeHash code hash of the genesis runtime, resolved through the chain's resolver
 */
public record GenesisConfig(
    String chainId, long timestampMillis, Map<String, Long> balances, HashCode runtimeCodeHash) {

  public GenesisConfig {
    balances = Map.copyOf(balances);
  }
}
