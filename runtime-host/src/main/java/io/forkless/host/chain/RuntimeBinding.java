package io.forkless.host.chain;

import com.google.common.hash.HashCode;
import io.forkless.api.Runtime;
import io.forkless.api.RuntimeVersion;

/**
 * A runtime instance with the identity the chain records for it: the version and code hash that go
 * into every block header it executes.
 *
 * @param runtime the loaded runtime
 * @param version its version
 * @param codeHash SHA-256 of its JAR
 */
public record RuntimeBinding(Runtime runtime, RuntimeVersion version, HashCode codeHash) {

  public RuntimeBinding {
    io.forkless.host.codec.ChainReader.checkSha256(codeHash, "codeHash");
  }
}
