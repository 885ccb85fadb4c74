package io.forkless.cluster;

import org.apache.ratis.protocol.Message;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;

/** Ratis messages from and to byte arrays. */
final class Messages {

  private Messages() {}

  /** A message over {@code bytes} (not copied: callers pass a fresh array). */
  static Message of(byte[] bytes) {
    return Message.valueOf(UnsafeByteOperations.unsafeWrap(bytes));
  }
}
