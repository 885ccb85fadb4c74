package io.forkless.host.chain;

import com.google.common.hash.HashCode;
import io.forkless.host.codec.ChainCodec;
import io.forkless.host.codec.ChainReader;
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
    ChainReader.checkSha256(txHash, "txHash");
    if (message.length() > MAX_MESSAGE_CHARS) {
      message = message.substring(0, MAX_MESSAGE_CHARS);
    }
  }

  /** Encodes a block's receipts. */
  public static byte[] encodeAll(List<TxReceipt> receipts) {
    return ChainCodec.encodeReceipts(receipts);
  }

  /**
   * Decodes {@link #encodeAll}.
   *
   * @throws IllegalArgumentException if the bytes are not such an encoding
   */
  public static List<TxReceipt> decodeAll(byte[] bytes) {
    return ChainCodec.decodeReceipts(bytes);
  }
}
