package io.forkless.node.config;

import io.forkless.host.ForklessException;

/**
 * A {@code host:port} the RPC server listens on.
 *
 * @param host a host name or IP address
 * @param port 0..65535 (0: any free port)
 */
public record RpcAddress(String host, int port) {

  /** The default: loopback only. */
  public static final RpcAddress DEFAULT = new RpcAddress("127.0.0.1", 9944);

  /**
   * Parses {@code host:port}.
   *
   * @param what names the setting in the error, e.g. {@code --rpc-addr}
   * @throws ForklessException naming {@code what} when the text is not {@code host:port}
   */
  public static RpcAddress parse(String text, String what) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new ForklessException(
          what + " must be host:port (e.g. 127.0.0.1:9944) but was \"" + text + "\"");
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535) {
      throw new ForklessException(
          what + " has an invalid port \"" + text.substring(colon + 1) + "\" (0..65535)");
    }
    return new RpcAddress(text.substring(0, colon), port);
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
