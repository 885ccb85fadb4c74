package io.forkless.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.forkless.api.Receipt;
import io.forkless.host.crypto.HostCrypto;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The signed envelope the kit writes, byte by byte, and as the sample runtime reads it. */
class TestAccountTest {

  private static final String CHAIN = "forkless-test";

  @Test
  void theEnvelopeHasTheDocumentedLayoutAndAVerifiableSignature() {
    TestAccount alice = TestAccount.dev("alice");
    byte[] call = "transfer bob 7".getBytes(StandardCharsets.US_ASCII);

    byte[] tx = alice.sign(CHAIN, 258, "transfer bob 7");

    int id = CHAIN.length();
    assertThat(tx).hasSize(2 + id + 32 + 8 + 64 + call.length);
    assertThat(tx[0]).isEqualTo((byte) 1);
    assertThat(tx[1]).isEqualTo((byte) id);
    assertThat(new String(tx, 2, id, StandardCharsets.US_ASCII)).isEqualTo(CHAIN);
    assertThat(Arrays.copyOfRange(tx, 2 + id, 2 + id + 32)).isEqualTo(alice.publicKey());
    assertThat(Arrays.copyOfRange(tx, 2 + id + 32, 2 + id + 40))
        .containsExactly(0, 0, 0, 0, 0, 0, 1, 2);
    assertThat(Arrays.copyOfRange(tx, tx.length - call.length, tx.length)).isEqualTo(call);
    byte[] signature = Arrays.copyOfRange(tx, 2 + id + 40, 2 + id + 104);
    // Signed: chain id length | chain id | nonce | call.
    byte[] message = new byte[1 + id + 8 + call.length];
    message[0] = (byte) id;
    System.arraycopy(tx, 2, message, 1, id);
    System.arraycopy(tx, 2 + id + 32, message, 1 + id, 8);
    System.arraycopy(call, 0, message, 1 + id + 8, call.length);
    assertThat(HostCrypto.INSTANCE.ed25519Verify(alice.publicKey(), message, signature)).isTrue();
    message[message.length - 1] ^= 1;
    assertThat(HostCrypto.INSTANCE.ed25519Verify(alice.publicKey(), message, signature)).isFalse();
  }

  @Test
  void devAccountsAreDerivedFromTheirNameOnly() {
    assertThat(TestAccount.dev("alice").publicKeyHex())
        .isEqualTo(TestAccount.dev("alice").publicKeyHex())
        .hasSize(64)
        .isNotEqualTo(TestAccount.dev("bob").publicKeyHex());
    assertThat(TestAccount.dev("alice").toString()).startsWith("alice (");
  }

  @Test
  void theSampleRuntimeAcceptsTheEnvelope() {
    try (TestChain chain = TestChainTest.balances(TestChainTest.V1_0).start()) {
      byte[] tx = TestAccount.dev("alice").sign(chain.chainId(), 0, "transfer bob 7");

      assertThat(chain.block(tx)).extracting(Receipt::success).containsExactly(true);
      assertThat(chain.query("account bob")).contains("\"balance\":507");
    }
  }

  @Test
  void theSampleRuntimeRefusesAnotherChainsOrAForgedSignature() {
    try (TestChain chain = TestChainTest.balances(TestChainTest.V1_0).start()) {
      String root = chain.stateRoot();
      byte[] otherChain = TestAccount.dev("alice").sign("forkless-main", 0, "transfer bob 7");
      byte[] forged = TestAccount.dev("alice").sign(chain.chainId(), 0, "transfer bob 7");
      forged[forged.length - 1] = '8'; // the call no longer matches the signature

      var receipts = chain.block(otherChain, forged);

      assertThat(receipts).noneMatch(Receipt::success);
      assertThat(receipts.get(0).message())
          .isEqualTo("wrong chain: signed for 'forkless-main' but this is 'forkless-test'");
      assertThat(receipts.get(1).message()).startsWith("bad signature");
      assertThat(chain.stateRoot()).isEqualTo(root);
    }
  }
}
