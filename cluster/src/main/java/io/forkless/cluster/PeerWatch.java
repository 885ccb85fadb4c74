package io.forkless.cluster;

import io.forkless.cluster.ClusterCodec.PeerState;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * Asks every other member for its head once a second (a Ratis stale read, answered by its state
 * machine without going through the log), so status and metrics can show each peer's height and
 * lag. A peer that does not answer (within the query client's timeout) is shown without a height.
 */
final class PeerWatch implements AutoCloseable {

  private final ClusterConfig config;
  private final RaftClient client;
  private final Map<String, Optional<PeerState>> seen = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "peer-watch");
            t.setDaemon(true);
            return t;
          });

  PeerWatch(ClusterConfig config, RaftClient client) {
    this.config = config;
    this.client = client;
  }

  void start() {
    timer.scheduleWithFixedDelay(this::poll, 0, 1, TimeUnit.SECONDS);
  }

  private void poll() {
    for (ClusterConfig.Peer peer : config.peers()) {
      if (peer.id().equals(config.nodeId())) {
        continue;
      }
      Optional<PeerState> state;
      try {
        // Blocking, one peer after another on this thread: an ordered async stream would be
        // closed for good by the first peer that does not answer.
        RaftClientReply reply =
            client.io().sendStaleRead(Message.EMPTY, 0, RaftPeerId.valueOf(peer.id()));
        state =
            reply.isSuccess()
                ? Optional.of(
                    ClusterCodec.decodePeerState(reply.getMessage().getContent().toByteArray()))
                : Optional.empty();
      } catch (IOException | RuntimeException e) {
        state = Optional.empty();
      }
      seen.put(peer.id(), state);
    }
  }

  /** What {@code peerId} last answered; empty if it never did or did not last time. */
  Optional<PeerState> last(String peerId) {
    return seen.getOrDefault(peerId, Optional.empty());
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
