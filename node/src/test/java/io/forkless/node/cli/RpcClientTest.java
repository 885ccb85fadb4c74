package io.forkless.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RpcClientTest {

  @Test
  void appendsTheRpcPathToABareAddress() {
    assertThat(RpcClient.of("http://127.0.0.1:9944").endpoint())
        .hasToString("http://127.0.0.1:9944/rpc");
    assertThat(RpcClient.of("http://127.0.0.1:9944/").endpoint())
        .hasToString("http://127.0.0.1:9944/rpc");
  }

  @Test
  void keepsAnExplicitPath() {
    assertThat(RpcClient.of("https://node.example:443/forkless/rpc").endpoint())
        .hasToString("https://node.example:443/forkless/rpc");
  }

  @Test
  void refusesAnythingButHttp() {
    assertThatThrownBy(() -> RpcClient.of("ftp://127.0.0.1:9944"))
        .isInstanceOf(CliException.class)
        .hasMessage("--rpc ftp://127.0.0.1:9944 must be an http:// or https:// URL");
  }

  @Test
  void failureMessagesAreFoldedIntoOneLine() {
    assertThat(new CliException("refused x.jar: 2 problems\n  - a\n  - b").getMessage())
        .isEqualTo("refused x.jar: 2 problems; - a; - b");
  }

  @Test
  void oneKeyFilePerKeyIsRequired() throws Exception {
    try (FakeNode node = new FakeNode()) {
      Cli cli =
          Cli.run(
              "cancel",
              "1",
              "--key",
              "alice",
              "--key",
              "bob",
              "--key-file",
              "alice.seed",
              "--rpc",
              node.url());

      assertThat(cli.exitCode()).isEqualTo(1);
      assertThat(cli.err().strip())
          .isEqualTo("error: give one --key-file per --key: 2 --key but 1 --key-file");
    }
  }
}
