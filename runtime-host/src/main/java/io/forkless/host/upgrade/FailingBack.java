package io.forkless.host.upgrade;

import io.forkless.api.State;
import io.forkless.api.StateView;
import io.forkless.host.codec.Codec;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A stepped migration that failed by itself in a block that let users in ({@code requiresPause =
 * false}): the failing block recorded the failure (the failing share's writes discarded, the
 * block's user transactions run on the state before that share, as in the blocks before), and the
 * return to the pre-upgrade snapshot runs at the start of the next block. Stored in chain state
 * under {@code 0x00 "upg/fb"} from the failing block to the block that fails back, so a node
 * restarted in between (and every importing node) does the same; the block producer reads it to
 * keep users' transactions out of that block (they were checked against the state it sets back).
 *
 * @param upgrade the upgrade whose migration failed, as its {@code upg/mbm} record was
 * @param failedHeight the block whose share (or validation, or swap checks) failed
 * @param cause why, as recorded in the upgrade's history (at most {@link #MAX_CAUSE} characters)
 */
public record FailingBack(MigratingUpgrade upgrade, long failedHeight, String cause) {

  /** Longest cause stored, in characters: a migration's message must not grow chain state. */
  static final int MAX_CAUSE = 500;

  private static final byte[] KEY =
      new Codec.Writer().u8(0).bytes("upg/fb".getBytes(StandardCharsets.US_ASCII)).toByteArray();

  private static final int FORMAT = 1;

  public FailingBack {
    if (cause.length() > MAX_CAUSE) {
      // Never between the halves of a surrogate pair: the record must encode as valid UTF-8.
      int end = Character.isHighSurrogate(cause.charAt(MAX_CAUSE - 1)) ? MAX_CAUSE - 1 : MAX_CAUSE;
      cause = cause.substring(0, end);
    }
  }

  /** The fail-back the next block must run, if the failing block recorded one in {@code state}. */
  public static Optional<FailingBack> read(StateView state) {
    return state.get(KEY).map(FailingBack::decode);
  }

  /**
   * The upgrade whose pre-upgrade snapshot the state still needs: the running migration's, else
   * that of the one failing back in the next block.
   */
  static Optional<MigratingUpgrade> holdingSnapshot(StateView state) {
    return LifecycleRecords.migrating(state).or(() -> read(state).map(FailingBack::upgrade));
  }

  void put(State state) {
    state.put(KEY, encode());
  }

  static void clear(State state) {
    state.delete(KEY);
  }

  byte[] encode() {
    byte[] m = upgrade.encode();
    return new Codec.Writer()
        .u8(FORMAT)
        .i32(m.length)
        .bytes(m)
        .i64(failedHeight)
        .string(cause)
        .toByteArray();
  }

  static FailingBack decode(byte[] bytes) {
    Codec.Reader r = new Codec.Reader(bytes);
    int format = r.u8("failing-back format");
    if (format != FORMAT) {
      throw new IllegalStateException("unknown failing-back record format " + format);
    }
    MigratingUpgrade m = MigratingUpgrade.decode(r.bytes(r.i32("upgrade length"), "upgrade"));
    FailingBack f = new FailingBack(m, r.i64("failed height"), r.string("cause"));
    r.expectEnd("failing-back record");
    return f;
  }
}
