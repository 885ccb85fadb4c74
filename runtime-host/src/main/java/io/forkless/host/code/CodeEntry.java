package io.forkless.host.code;

import io.forkless.host.codec.Codec;

/**
 * What chain state knows about one code hash: an upload in progress or complete code.
 *
 * @param declaredSize the JAR's size, as the first chunk declared it
 * @param received bytes uploaded so far (equal to the size when complete)
 * @param chunks how many chunk records hold them
 * @param complete true once the bytes are all there and hash to the code hash
 * @param firstHeight the block of the first chunk (0 for genesis code)
 * @param lastHeight the block of the latest chunk
 * @param unreferencedSince the block from which nothing referenced this code (active runtime,
 *     rollback, open proposal), or -1 while something does
 */
public record CodeEntry(
    long declaredSize,
    long received,
    int chunks,
    boolean complete,
    long firstHeight,
    long lastHeight,
    long unreferencedSince) {

  private static final int FORMAT = 1;

  /** This entry after one more chunk of {@code length} bytes at {@code height}. */
  CodeEntry plusChunk(int length, long height, boolean nowComplete) {
    return new CodeEntry(
        declaredSize, received + length, chunks + 1, nowComplete, firstHeight, height, -1);
  }

  CodeEntry withUnreferencedSince(long height) {
    return new CodeEntry(declaredSize, received, chunks, complete, firstHeight, lastHeight, height);
  }

  /** The canonical encoding (format byte 1). */
  public byte[] encode() {
    return new Codec.Writer()
        .u8(FORMAT)
        .i64(declaredSize)
        .i64(received)
        .i32(chunks)
        .bool(complete)
        .i64(firstHeight)
        .i64(lastHeight)
        .i64(unreferencedSince)
        .toByteArray();
  }

  /**
   * @throws IllegalArgumentException for an unknown format or a malformed record
   */
  public static CodeEntry decode(byte[] bytes) {
    Codec.Reader r = new Codec.Reader(bytes);
    int format = r.u8("code entry format");
    if (format != FORMAT) {
      throw new IllegalArgumentException("unknown code entry format " + format);
    }
    CodeEntry e =
        new CodeEntry(
            r.i64("declared size"),
            r.i64("received"),
            r.i32("chunks"),
            r.bool("complete"),
            r.i64("first height"),
            r.i64("last height"),
            r.i64("unreferenced since"));
    r.expectEnd("code entry");
    return e;
  }
}
