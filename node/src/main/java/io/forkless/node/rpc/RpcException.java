package io.forkless.node.rpc;

import io.forkless.host.ForklessException;

/** A JSON-RPC error: {@link #code()} as in docs/rpc.md, the message readable by an operator. */
public final class RpcException extends ForklessException {

  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;
  public static final int REFUSED = -32000;
  public static final int NOT_FOUND = -32001;

  private final int code;

  public RpcException(int code, String message) {
    super(message);
    this.code = code;
  }

  public RpcException(int code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The JSON-RPC error code. */
  public int code() {
    return code;
  }
}
