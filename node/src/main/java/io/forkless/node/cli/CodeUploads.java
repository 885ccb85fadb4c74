package io.forkless.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.host.chain.Transaction;
import io.forkless.host.code.CodeOffer;
import io.forkless.host.code.CodeUpload;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Uploads a JAR to the chain through the node's RPC: asks {@code forkless_code} where the chain's
 * upload stands, sends the next block's worth of chunks, and repeats until the code is complete.
 * Resumable by construction: a second run starts where the chain is.
 */
final class CodeUploads {

  /** Blocks without progress after which the chunks are sent again. */
  private static final long RESEND_AFTER_BLOCKS = 3;

  private CodeUploads() {}

  /** {@code forkless_code} for {@code hash}. */
  static JsonNode status(RpcClient rpc, HashCode hash) {
    ObjectNode p = RpcClient.params();
    p.put("hash", hash.toString());
    return rpc.call("forkless_code", p);
  }

  /**
   * Uploads {@code file} until the chain holds it completely.
   *
   * @param stall how long without progress before giving up (then run again to resume)
   * @return the number of chunk transactions sent
   * @throws CliException if the chain refuses the code, or nothing moves for {@code stall}
   */
  static int upload(RpcClient rpc, Path file, Duration stall, PrintWriter err) {
    byte[] jar;
    try {
      jar = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage(), e);
    }
    HashCode hash = Hashing.sha256().hashBytes(jar);
    long lastReceived = -1;
    long sentAtHeight = -1;
    long progressDeadline = System.nanoTime() + stall.toNanos();
    int sent = 0;
    while (true) {
      JsonNode c = status(rpc, hash);
      if (c.path("complete").asBoolean(false)) {
        err.println("code " + hash + " (" + file.getFileName() + ") is on chain");
        err.flush();
        return sent;
      }
      if (!c.path("namedByOpenProposal").asBoolean(false)) {
        throw new CliException(
            "the chain does not accept "
                + file
                + " (code hash "
                + hash
                + "): no open proposal names it (was the proposal cancelled or decided?)");
      }
      long received = c.path("received").asLong();
      long height = c.path("height").asLong();
      if (received != lastReceived) {
        progressDeadline = System.nanoTime() + stall.toNanos();
      }
      if (received != lastReceived || height >= sentAtHeight + RESEND_AFTER_BLOCKS) {
        JsonNode params = c.path("parameters");
        List<CodeUpload> chunks =
            CodeOffer.chunks(
                hash,
                jar,
                received,
                params.path("maxChunkBytes").asInt(),
                params.path("maxUploadBytesPerBlock").asLong(),
                System.nanoTime());
        for (CodeUpload u : chunks) {
          try {
            rpc.submit(Transaction.host(u.encode()));
            sent++;
          } catch (CliException e) {
            // The node's mempool refuses a chunk the chain no longer needs (the upload moved on or
            // completed meanwhile, e.g. from a node's plugins folder): ask the chain again.
            break;
          }
        }
        err.println(
            "uploading "
                + file.getFileName()
                + ": "
                + received
                + " of "
                + jar.length
                + " bytes on chain, "
                + chunks.size()
                + " chunks sent at height "
                + height);
        err.flush();
        lastReceived = received;
        sentAtHeight = height;
      }
      if (System.nanoTime() - progressDeadline > 0) {
        throw new CliException(
            "the upload of "
                + file
                + " (code hash "
                + hash
                + ") made no progress for "
                + stall.toSeconds()
                + " s at "
                + received
                + " of "
                + jar.length
                + " bytes; see `forkless code status "
                + hash
                + "` and run the same command again to resume");
      }
      RpcClient.pause(RpcClient.POLL_INTERVAL);
    }
  }
}
