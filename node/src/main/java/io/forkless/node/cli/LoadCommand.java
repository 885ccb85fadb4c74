package io.forkless.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.forkless.host.chain.Transaction;
import java.io.PrintWriter;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code forkless tx load --rate N --duration S}: a load generator for trying upgrades under load.
 * Submits {@code N × S} transfers of 1 between the given accounts in a ring, paced at N per second,
 * each signed by its sender with the sender's next nonce (counted here from the node's answer);
 * then waits until every accepted one is included.
 */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      "Submits transfers at --rate per second for --duration seconds, then waits until all are"
          + " included and prints submitted, refused, included, succeeded, failed and throughput.",
      "Exits 1 when an accepted transaction was dropped by the node (evicted, replaced, refused by"
          + " the network: the reason is printed) or not included within --timeout."
    })
public final class LoadCommand implements Callable<Integer> {

  private static final int SUBMITTERS = 4;

  @Option(names = "--rate", paramLabel = "N", required = true, description = "Transfers/second.")
  int rate;

  @Option(names = "--duration", paramLabel = "S", required = true, description = "Seconds.")
  int duration;

  @Option(
      names = "--accounts",
      paramLabel = "NAMES",
      split = ",",
      defaultValue = "alice,bob,charlie,dave",
      description =
          "Accounts to send from and to, in a ring: key files or dev account names (against a"
              + " --dev node) (default: ${DEFAULT-VALUE}).")
  List<String> accounts = new ArrayList<>();

  @Mixin RpcOptions rpc = new RpcOptions();

  @Spec CommandSpec spec = CommandSpec.create();

  /** What happened to each transaction the node accepted, by hash. */
  private final Map<String, Boolean> outcomes = new ConcurrentHashMap<>();

  private final List<String> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger refused = new AtomicInteger();

  /** Accepted transactions the node later let go without a block, with why. */
  private final Map<String, String> dropped = new java.util.LinkedHashMap<>();

  @Override
  public Integer call() throws InterruptedException {
    if (rate <= 0 || duration <= 0) {
      throw new CliException(
          "--rate and --duration must be positive but were " + rate + " and " + duration);
    }
    if (accounts.size() < 2) {
      throw new CliException("--accounts needs at least two accounts but got " + accounts);
    }
    RpcClient client = rpc.client();
    JsonNode status = client.status(); // fail fast, with one line, when the node is not there
    List<Sender> senders = new ArrayList<>();
    for (String account : accounts) {
      AccountKey key = new AccountKey();
      key.key = account;
      KeyPair pair = key.resolve(status);
      String hex = AccountKey.publicKeyHex(pair);
      senders.add(new Sender(pair, hex, new AtomicLong(UserTransaction.nextNonce(client, hex))));
    }
    long started = System.nanoTime();
    submitAll(client, RpcClient.text(status, "chainId"), senders);
    Duration timeout = rpc.timeout();
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> pending = new ArrayList<>(accepted);
    while (!pending.isEmpty() && System.nanoTime() - deadline < 0) {
      List<String> still = new ArrayList<>();
      for (String hash : pending) {
        JsonNode tx = client.transaction(hash);
        String state = tx.path("status").asText();
        if ("included".equals(state)) {
          outcomes.put(hash, tx.path("success").asBoolean(false));
        } else if ("dropped".equals(state) || "refused".equals(state)) {
          // Accepted, then let go without a block (evicted, replaced, refused by the network).
          dropped.put(hash, tx.path("message").asText());
        } else {
          still.add(hash);
        }
      }
      pending = still;
      if (!pending.isEmpty()) {
        RpcClient.pause(RpcClient.POLL_INTERVAL);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    report(seconds, pending.size());
    if (!dropped.isEmpty()) {
      var first = dropped.entrySet().iterator().next();
      throw new CliException(
          dropped.size()
              + " accepted transactions left the node without a block, e.g. "
              + first.getKey()
              + ": "
              + first.getValue());
    }
    if (!pending.isEmpty()) {
      throw new CliException(
          pending.size()
              + " of "
              + accepted.size()
              + " submitted transactions were not included within "
              + timeout.toSeconds()
              + " s (--timeout)");
    }
    return 0;
  }

  /**
   * Refusals that pass by themselves: the sender's queue or the mempool is full, or a nonce is
   * ahead of the sender's nonce on chain by more than the queue holds (e.g. right after a rollback,
   * until the re-executed transactions have used the nonces again). Giving up on one would leave a
   * gap in the sender's nonces that stalls every later transaction, so these are sent again.
   */
  private static final List<String> TRANSIENT =
      List.of("too far ahead", "pending transactions (the limit)", "mempool is full");

  /** Submits {@code tx}, again after a pause while the node refuses it for a transient reason. */
  private String submitRetrying(RpcClient client, Transaction tx) {
    long deadline = System.nanoTime() + rpc.timeout().toNanos();
    while (true) {
      try {
        return client.submit(tx);
      } catch (CliException e) {
        String why = String.valueOf(e.getMessage());
        if (TRANSIENT.stream().noneMatch(why::contains) || System.nanoTime() - deadline > 0) {
          throw e;
        }
        RpcClient.pause(RpcClient.POLL_INTERVAL);
      }
    }
  }

  /** One account of the ring and its next nonce. */
  private record Sender(KeyPair key, String hex, AtomicLong nonce) {}

  private void submitAll(RpcClient client, String chainId, List<Sender> senders)
      throws InterruptedException {
    int total = Math.multiplyExact(rate, duration);
    CountDownLatch done = new CountDownLatch(total);
    AtomicInteger next = new AtomicInteger();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    ExecutorService submitters = Executors.newFixedThreadPool(SUBMITTERS);
    try {
      ticker.scheduleAtFixedRate(
          () -> {
            int i = next.getAndIncrement();
            if (i >= total) {
              return;
            }
            submitters.execute(
                () -> {
                  try {
                    Sender from = senders.get(i % senders.size());
                    Sender to = senders.get((i + 1) % senders.size());
                    byte[] envelope =
                        AccountTransactions.sign(
                            from.key(),
                            chainId,
                            from.nonce().getAndIncrement(),
                            "transfer " + to.hex() + " 1");
                    accepted.add(submitRetrying(client, Transaction.runtime(envelope)));
                  } catch (CliException e) {
                    refused.incrementAndGet();
                  } finally {
                    done.countDown();
                  }
                });
          },
          0,
          1_000_000_000L / rate,
          TimeUnit.NANOSECONDS);
      if (!done.await(duration + rpc.timeout().toSeconds(), TimeUnit.SECONDS)) {
        throw new CliException("submitting took longer than --duration plus --timeout; stopped");
      }
    } finally {
      ticker.shutdownNow();
      submitters.shutdownNow();
    }
  }

  private void report(double seconds, int notIncluded) {
    long succeeded = outcomes.values().stream().filter(ok -> ok).count();
    int included = outcomes.size();
    PrintWriter out = spec.commandLine().getOut();
    if (rpc.json) {
      ObjectNode o = Json.object();
      o.put("submitted", accepted.size() + refused.get());
      o.put("refused", refused.get());
      o.put("included", included);
      o.put("succeeded", succeeded);
      o.put("failed", included - succeeded);
      o.put("dropped", dropped.size());
      o.put("notIncluded", notIncluded);
      o.put("seconds", seconds);
      o.put("throughput", included / seconds);
      out.println(Json.write(o));
    } else {
      out.printf(
          "submitted %d (refused by the node: %d), included %d, succeeded %d, failed %d,"
              + " dropped after acceptance %d, not included %d; %.1f s, %.1f tx/s%n",
          accepted.size() + refused.get(),
          refused.get(),
          included,
          succeeded,
          included - succeeded,
          dropped.size(),
          notIncluded,
          seconds,
          included / seconds);
    }
    out.flush();
  }
}
