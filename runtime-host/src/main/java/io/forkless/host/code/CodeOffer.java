package io.forkless.host.code;

import com.google.common.hash.HashCode;
import io.forkless.api.StateView;
import io.forkless.host.upgrade.CodeRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offers code this node holds locally (its plugins folder) for upload when the open proposal names
 * it and the chain lacks it: after each block, the next block's worth of chunks goes to the
 * mempool. The chunks prove themselves against the hash, so nothing about the file is trusted. Not
 * thread-safe: call from the block thread.
 */
public final class CodeOffer {

  private static final Logger log = LoggerFactory.getLogger(CodeOffer.class);

  /** Blocks without progress after which an offer is made again (its chunks may have been lost). */
  static final long RETRY_BLOCKS = 3;

  private record Offered(long received, long height) {}

  private final CodeStore store;
  private final CodeRepository local;
  private final Map<HashCode, Offered> offered = new HashMap<>();
  private long nonce = System.nanoTime();

  public CodeOffer(CodeStore store, CodeRepository local) {
    this.store = store;
    this.local = local;
  }

  /**
   * The chunks of {@code jar} from byte {@code from}, at most {@code chunkBytes} each and {@code
   * budget} in all.
   */
  public static List<CodeUpload> chunks(
      HashCode hash, byte[] jar, long from, int chunkBytes, long budget, long nonce) {
    List<CodeUpload> out = new ArrayList<>();
    long sent = 0;
    for (long at = from; at < jar.length && sent < budget; ) {
      int length = (int) Math.min(Math.min(chunkBytes, jar.length - at), budget - sent);
      out.add(
          new CodeUpload(
              hash,
              jar.length,
              at,
              nonce,
              java.util.Arrays.copyOfRange(jar, (int) at, (int) at + length)));
      at += length;
      sent += length;
    }
    return out;
  }

  /**
   * After the block at {@code height}: offers the next chunks of each code hash in {@code named}
   * that is incomplete on chain and found locally.
   */
  public void afterBlock(
      StateView committed, long height, Set<HashCode> named, Consumer<byte[]> submit) {
    offered.keySet().retainAll(named);
    CodeParameters p = store.parameters(committed);
    long budget = p.maxUploadBytesPerBlock();
    for (HashCode hash : named) {
      CodeStore.Status status = store.status(committed, hash);
      if (status.complete() || budget <= 0) {
        continue;
      }
      Offered last = offered.get(hash);
      if (last != null
          && last.received() == status.received()
          && height - last.height() < RETRY_BLOCKS) {
        continue;
      }
      Optional<Path> file = local.find(hash);
      if (file.isEmpty()) {
        continue;
      }
      byte[] jar;
      try {
        jar = Files.readAllBytes(file.get());
      } catch (IOException e) {
        log.warn("cannot read {} to offer code {} for upload: {}", file.get(), hash, e.toString());
        continue;
      }
      List<CodeUpload> next =
          chunks(hash, jar, status.received(), p.maxChunkBytes(), budget, nonce++);
      for (CodeUpload u : next) {
        try {
          submit.accept(u.encode());
          budget -= u.length();
        } catch (RuntimeException e) {
          log.warn(
              "offering code {} for upload: the mempool refused a chunk: {}", hash, e.getMessage());
          break;
        }
      }
      offered.put(hash, new Offered(status.received(), height));
      if (status.received() == 0) {
        log.info(
            "Offering code {} ({} bytes) from {} for upload: the open proposal names it",
            hash,
            jar.length,
            file.get());
      }
    }
  }
}
