package io.forkless.benchmarks;

import io.forkless.api.TransactionValidity;
import io.forkless.host.chain.Mempool;
import io.forkless.host.chain.MempoolConfig;
import io.forkless.host.chain.Transaction;
import io.forkless.host.chain.TransactionRejectedException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Memory of the mempool under a flood: submits 200,000 transactions of 4 KiB from 20,000 senders
 * (ten nonces each, half of them future) to a mempool with the default limits, and reports how many
 * it holds, the bytes of their encodings, and the heap it takes (used heap after a full GC, minus
 * the same before the flood). The validator reads sender and nonce from the payload (no signature
 * check: this measures the pool, not the crypto).
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.forkless.benchmarks.MempoolFloodHarness}
 */
public final class MempoolFloodHarness {

  private MempoolFloodHarness() {}

  public static void main(String[] args) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long before = usedAfterGc(memory);
    Mempool pool =
        Mempool.create(
            MempoolConfig.defaults(),
            hash -> false,
            tx -> {
              ByteBuffer b = ByteBuffer.wrap(tx.payload());
              byte[] sender = new byte[32];
              b.get(sender);
              return TransactionValidity.ordered(sender, b.getLong(), 0);
            });
    int accepted = 0;
    int full = 0;
    int senderLimit = 0;
    for (int i = 0; i < 200_000; i++) {
      byte[] payload = new byte[4095];
      ByteBuffer b = ByteBuffer.wrap(payload);
      b.putInt(i % 20_000);
      b.position(32);
      // Nonces 0..9 per sender, the odd ones submitted first (future until the even one before).
      int round = i / 20_000;
      b.putLong(round < 5 ? 2L * round + 1 : 2L * (round - 5));
      Arrays.fill(payload, 40, payload.length, (byte) i);
      try {
        pool.submit(Transaction.runtime(payload));
        accepted++;
      } catch (TransactionRejectedException e) {
        if (e.reason() == TransactionRejectedException.Reason.MEMPOOL_FULL) {
          full++;
        } else {
          senderLimit++;
        }
      }
    }
    long after = usedAfterGc(memory);
    System.out.printf(
        "mempool flood: 200000 x 4 KiB submitted, %d accepted, %d refused (full), %d refused"
            + " (other); held %d transactions, %.1f MiB of encodings (limit %.1f MiB); heap"
            + " %.1f MiB; ready for the next block: %d%n",
        accepted,
        full,
        senderLimit,
        pool.size(),
        pool.bytes() / 1048576.0,
        MempoolConfig.defaults().maxTotalBytes() / 1048576.0,
        (after - before) / 1048576.0,
        pool.peek(Integer.MAX_VALUE).size());
  }

  private static long usedAfterGc(MemoryMXBean memory) {
    for (int i = 0; i < 3; i++) {
      memory.gc();
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
