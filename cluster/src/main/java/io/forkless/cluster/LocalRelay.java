package io.forkless.cluster;

import com.google.common.hash.HashCode;
import io.forkless.cluster.ClusterEntry.SubmittedTransaction;
import io.forkless.host.chain.Mempool;
import io.forkless.host.chain.Transaction;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.RaftClientReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends through the log the transactions that entered this validator's mempool without passing
 * through it: those the host makes itself (pre-check attestations, code uploads it offers, a
 * rollback queued by {@code forkless_rollback}). Without this, they would reach a block only while
 * this validator leads. Every transaction that arrives through the log is marked first, so nothing
 * is sent twice (a repeat would be harmless: the mempools answer "already pending").
 */
final class LocalRelay implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalRelay.class);

  /** Hashes remembered as already in the log or sent (bounded, oldest forgotten first). */
  static final int REMEMBERED = 50_000;

  private final Mempool mempool;
  private final Map<HashCode, Boolean> known =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<HashCode, Boolean> eldest) {
          return size() > REMEMBERED;
        }
      };
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "local-relay");
            t.setDaemon(true);
            return t;
          });

  LocalRelay(Mempool mempool) {
    this.mempool = mempool;
  }

  /** A transaction came through the log: never relay it. */
  synchronized void inLog(HashCode hash) {
    known.put(hash, Boolean.TRUE);
  }

  private synchronized boolean claim(HashCode hash) {
    return known.putIfAbsent(hash, Boolean.TRUE) == null;
  }

  private synchronized void release(HashCode hash) {
    known.remove(hash);
  }

  void start(RaftClient client, long periodMillis) {
    timer.scheduleWithFixedDelay(
        () -> relay(client), periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  private void relay(RaftClient client) {
    try {
      for (Transaction tx : mempool.peek(Math.max(1, mempool.size()))) {
        HashCode hash = tx.hash();
        if (!claim(hash)) {
          continue;
        }
        try {
          RaftClientReply reply =
              client
                  .io()
                  .send(Messages.of(ClusterCodec.encode(new SubmittedTransaction(tx.encode()))));
          if (!reply.isSuccess()) {
            release(hash);
          }
        } catch (IOException e) {
          release(hash);
          log.info(
              "could not send local transaction {} to the network yet: {}", hash, e.toString());
          return;
        }
      }
    } catch (RuntimeException e) {
      log.warn("relaying local transactions failed: {}", e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
