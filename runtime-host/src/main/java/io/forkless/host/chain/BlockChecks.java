package io.forkless.host.chain;

import com.google.common.hash.HashCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** The checks a block made elsewhere must pass before and after it is executed. Stateless. */
final class BlockChecks {

  private BlockChecks() {}

  /**
   * What keeps {@code block} from following {@code parent} on chain {@code chainId}: another chain,
   * a wrong height, parent hash or timestamp, a transaction repeated or already included.
   */
  static List<String> linkProblems(
      Block block, Block parent, String chainId, Predicate<HashCode> included) {
    BlockHeader h = block.header();
    List<String> problems = new ArrayList<>();
    if (!h.chainId().equals(chainId)) {
      problems.add("chain id \"" + h.chainId() + "\" is not \"" + chainId + "\"");
    }
    if (h.height() != parent.height() + 1) {
      problems.add("height " + h.height() + " does not follow head " + parent.height());
    }
    if (!h.parentHash().equals(parent.hash())) {
      problems.add("parent hash " + h.parentHash() + " is not the head's " + parent.hash());
    }
    if (h.timestampMillis() < parent.header().timestampMillis()) {
      problems.add("timestamp " + h.timestampMillis() + " is before the parent's");
    }
    Set<HashCode> seen = new HashSet<>();
    for (Transaction tx : block.transactions()) {
      HashCode txHash = tx.hash();
      if (!seen.add(txHash)) {
        problems.add("transaction " + txHash + " appears twice");
      } else if (included.test(txHash)) {
        problems.add("transaction " + txHash + " is already included");
      }
    }
    return problems;
  }

  /** Names each header field that differs, executed value first, so an operator sees both. */
  static String differences(BlockHeader executed, BlockHeader claimed) {
    List<String> out = new ArrayList<>();
    if (!executed.stateRoot().equals(claimed.stateRoot())) {
      out.add("state root " + executed.stateRoot() + " but it claims " + claimed.stateRoot());
    }
    if (!executed.runtimeVersion().equals(claimed.runtimeVersion())
        || !executed.runtimeCodeHash().equals(claimed.runtimeCodeHash())) {
      out.add(
          "runtime "
              + executed.runtimeVersion()
              + " ("
              + executed.runtimeCodeHash()
              + ") but it claims "
              + claimed.runtimeVersion()
              + " ("
              + claimed.runtimeCodeHash()
              + ")");
    }
    if (out.isEmpty()) {
      out.add(executed + " but it claims " + claimed);
    }
    return String.join("; ", out);
  }
}
