package io.forkless.host.chain;

import com.google.common.hash.HashCode;
import com.google.common.io.ByteArrayDataOutput;
import com.google.common.io.ByteStreams;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one transaction in a block. A block's receipts encode as {@code u32 count}, then
 * per receipt {@code 32 txHash, u8 success (0/1), u32 len + UTF-8 message}.
 *
 * @param txHash the transaction's hash
 * @param success whether its writes were kept
 * @param message the runtime's (or host's) note or rejection reason; at most {@value
 *     #MAX_MESSAGE_CHARS} characters
 */
public record TxReceipt(HashCode txHash, boolean success, String message) {

  /** Longer messages are cut, so a runtime cannot bloat blocks. */
  public static final int MAX_MESSAGE_CHARS = 1024;

  public TxReceipt {
    Encoding.checkSha256(txHash, "txHash");
    if (message.length() > MAX_MESSAGE_CHARS) {
      message = message.substring(0, MAX_MESSAGE_CHARS);
    }
  }

  /** Encodes a block's receipts. */
  public static byte[] encodeAll(List<TxReceipt> receipts) {
    ByteArrayDataOutput out = ByteStreams.newDataOutput();
    out.writeInt(receipts.size());
    for (TxReceipt r : receipts) {
      out.write(r.txHash.asBytes());
      out.writeByte(r.success ? 1 : 0);
      byte[] m = r.message.getBytes(StandardCharsets.UTF_8);
      out.writeInt(m.length);
      out.write(m);
    }
    return out.toByteArray();
  }

  /**
   * Decodes {@link #encodeAll}.
   *
   * @throws IllegalArgumentException if the bytes are not such an encoding
   */
  public static List<TxReceipt> decodeAll(byte[] bytes) {
    Encoding in = new Encoding(bytes, "receipts");
    int count = in.length(bytes.length);
    List<TxReceipt> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      HashCode hash = in.hash();
      int success = in.u8();
      if (success > 1) {
        throw new IllegalArgumentException("receipts: success flag " + success);
      }
      out.add(new TxReceipt(hash, success == 1, in.string(bytes.length)));
    }
    in.end();
    return List.copyOf(out);
  }
}
