package io.forkless.cluster;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.host.ForklessException;
import io.forkless.host.chain.Block;
import io.forkless.host.chain.BlockHeader;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TEST-ONLY fault injection: makes this validator receive blocks whose header state root is wrong,
 * so that an integration test can check, with real processes, that such a validator halts with the
 * alert while the others go on. Off unless the JVM is started with the system property {@value
 * #PROPERTY}{@code =H}: every block this validator <em>imports</em> (a block another validator
 * proposed) at height H or above then reaches {@link io.forkless.host.chain.Chain#importBlock} with
 * its header's state root replaced by a different hash. The blocks it proposes itself, and every
 * other validator, are unaffected. A node started with it logs a warning at start; never set it on
 * a real validator (docs/operators.md).
 */
final class WrongRootFault {

  private static final Logger log = LoggerFactory.getLogger(WrongRootFault.class);

  /** The system property that arms it: the first height whose imported header is falsified. */
  static final String PROPERTY = "forkless.test.fault.wrongHeaderRootFromHeight";

  /** Disarmed: blocks pass unchanged. */
  static final WrongRootFault NONE = new WrongRootFault(OptionalLong.empty());

  private final OptionalLong fromHeight;

  WrongRootFault(OptionalLong fromHeight) {
    this.fromHeight = fromHeight;
  }

  /**
   * From the system property {@value #PROPERTY}; disarmed when it is not set.
   *
   * @throws ForklessException if it is set but not a height >= 1
   */
  static WrongRootFault fromSystemProperty() {
    return parse(System.getProperty(PROPERTY));
  }

  /** From the property's value ({@code null}: not set). */
  static WrongRootFault parse(@Nullable String text) {
    if (text == null) {
      return NONE;
    }
    long height;
    try {
      height = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new ForklessException(
          "-D" + PROPERTY + " must be a block height but was \"" + text + "\"", e);
    }
    if (height < 1) {
      throw new ForklessException("-D" + PROPERTY + " must be a height >= 1 but was " + height);
    }
    log.warn(
        "TEST-ONLY FAULT INJECTION armed (-D{}={}): every block this validator imports from"
            + " height {} on gets a wrong header state root, so this validator will halt there."
            + " Never run a real validator with it.",
        PROPERTY,
        height,
        height);
    return new WrongRootFault(OptionalLong.of(height));
  }

  boolean armed() {
    return fromHeight.isPresent();
  }

  /** {@code block}, or a copy whose header claims another state root when the fault applies. */
  Block apply(Block block) {
    if (fromHeight.isEmpty() || block.height() < fromHeight.getAsLong()) {
      return block;
    }
    BlockHeader h = block.header();
    HashCode wrong = Hashing.sha256().hashBytes(h.stateRoot().asBytes());
    log.warn(
        "TEST-ONLY FAULT INJECTION: block {} reaches this validator's import claiming state root {}"
            + " instead of {}",
        block.height(),
        wrong,
        h.stateRoot());
    return new Block(
        new BlockHeader(
            h.chainId(),
            h.height(),
            h.parentHash(),
            h.timestampMillis(),
            h.txRoot(),
            wrong,
            h.runtimeVersion(),
            h.runtimeCodeHash()),
        block.transactions());
  }
}
