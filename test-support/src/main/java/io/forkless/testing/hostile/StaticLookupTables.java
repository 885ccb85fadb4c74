package io.forkless.testing.hostile;

import io.forkless.api.BlockContext;
import io.forkless.api.Receipt;
import io.forkless.api.State;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Static state that is allowed: constants, a lookup table read by index and length, immutable
 * collections, an enum switch (javac's synthetic switch map), an immutable record, a {@code
 * HexFormat} and a {@code Charset} (as the archetype's runtime holds). Runs.
 */
public final class StaticLookupTables extends HostileRuntime {

  static final int[] SQUARES = {0, 1, 4, 9, 16};
  static final List<String> NAMES = List.of("zero", "one", "two");
  static final Map<String, Integer> CODES = Map.of("a", 1);
  static final Point ORIGIN = new Point(0, 0);
  static final HexFormat HEX = HexFormat.of();
  static final Charset UTF8 = StandardCharsets.UTF_8;

  enum Colour {
    RED,
    GREEN
  }

  record Point(int x, int y) {}

  @Override
  public Receipt apply(State state, BlockContext block, byte[] transaction) {
    int i = transaction.length % SQUARES.length;
    int[] copy = SQUARES.clone();
    copy[0] = 7;
    String colour =
        switch (Colour.values()[i % 2]) {
          case RED -> "red";
          case GREEN -> "green";
        };
    return write(
        state,
        "t",
        SQUARES[i]
            + " "
            + NAMES.get(i % NAMES.size())
            + " "
            + CODES.get("a")
            + " "
            + colour
            + " "
            + ORIGIN.x()
            + " "
            + copy[0]
            + " "
            + HEX.formatHex(colour.getBytes(UTF8)));
  }
}
