package io.forkless.host.governance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.governance.GovernanceAction.Emergency;
import io.forkless.host.governance.GovernanceAction.EmergencyKind;
import io.forkless.host.governance.GovernanceAction.ProposeUpgrade;
import io.forkless.host.governance.GovernanceAction.VoteUpgrade;
import io.forkless.host.governance.SignedGovernanceTx.NamedKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes: the consensus encodings of governance, pinned. A change here changes signatures and
 * state roots on every node: it needs a new format version, not an edit of these constants.
 */
class GovernanceGoldenBytesTest {

  private static final HashCode CODE = Hashing.sha256().hashString("code", StandardCharsets.UTF_8);
  private static final HashCode PLUGIN =
      Hashing.sha256().hashString("plugin", StandardCharsets.UTF_8);
  private static final HashedMigrationPlan PLAN =
      new HashedMigrationPlan(
          new MigrationPlan(
              RuntimeVersion.of(1, 0, 0),
              RuntimeVersion.of(2, 0, 0),
              List.of("add_staking"),
              60,
              true),
          ImmutableMap.of("add_staking", PLUGIN));
  private static final ProposeUpgrade PROPOSE =
      new ProposeUpgrade(
          "alice", "T", "D", RuntimeVersion.of(2, 0, 0), CODE, Optional.of(PLAN), 5, 1);

  private static SignedGovernanceTx signed(GovernanceAction action, String... names) {
    ImmutableList.Builder<NamedKey> keys = ImmutableList.builder();
    for (String n : names) {
      keys.add(
          new NamedKey(
              n,
              Ed25519.fromSeed(
                      Hashing.sha256().hashString("golden:" + n, StandardCharsets.UTF_8).asBytes())
                  .getPrivate()));
    }
    return SignedGovernanceTx.sign("golden-chain", action, 0, keys.build());
  }

  private static String hex(byte[] bytes) {
    return HashCode.fromBytes(bytes).toString();
  }

  @Test
  void proposeTransaction() {
    assertThat(hex(signed(PROPOSE, "alice").encode())).isEqualTo(GOLDEN_PROPOSE);
  }

  @Test
  void voteTransaction() {
    assertThat(hex(signed(new VoteUpgrade(7, "bob", true), "bob").encode())).isEqualTo(GOLDEN_VOTE);
  }

  @Test
  void emergencyTransactionsOfEveryKind() {
    StringBuilder all = new StringBuilder();
    for (EmergencyKind k : EmergencyKind.values()) {
      all.append(hex(signed(new Emergency(k, 3, 9), "alice", "bob").encode())).append('/');
    }
    assertThat(all.toString()).isEqualTo(GOLDEN_EMERGENCY);
  }

  @Test
  void proposalRecordsOfEveryStatus() {
    StringBuilder all = new StringBuilder();
    UpgradeProposal p =
        new UpgradeProposal(
            4, "alice", "T", "D", RuntimeVersion.of(2, 0, 0), CODE, Optional.of(PLAN), 5);
    for (ProposalStatus s : ProposalStatus.values()) {
      ProposalRecord r =
          new ProposalRecord(
              p, s, 10, 20, 70, 10, OptionalLong.of(15), OptionalLong.empty(), "why");
      all.append(hex(GovernanceStore.encodeRecord(r))).append('/');
      assertThat(GovernanceStore.decodeRecord(GovernanceStore.encodeRecord(r))).isEqualTo(r);
    }
    assertThat(all.toString()).isEqualTo(GOLDEN_RECORDS);
  }

  @Test
  void wireCodesAreFixed() {
    assertThat(List.of(ProposalStatus.values()).stream().map(ProposalStatus::wireCode))
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(List.of(EmergencyKind.values()).stream().map(EmergencyKind::wireCode))
        .containsExactly(0, 1, 2, 3);
  }

  static final String GOLDEN_PROPOSE =
      "0100000005616c696365000000015400000001440000000200000000000000005694d08a2e53"
          + "ffcae0c3103e5ad6f6076abd960eb1f8a56577040bc1028f702b010000000100000000000000"
          + "00000000000000003c01000000010000000b6164645f7374616b696e675e689e2b01672bf339"
          + "96e75d5e372ff60c536ce1599a1458e867cd8f4bef5160000000000000000500000000000000"
          + "010100000005616c696365f67cf7e04d05a7a6fe93cafa8585d588ee336a8d43c59cc5ec3d11"
          + "1fe146b9be444f96f3309f0180b0f03ee5c4971b7b2d718f285404df89bc6ad99966262106";
  static final String GOLDEN_VOTE =
      "02000000000000000700000003626f62010100000003626f624b27b9bd15a2228e7fdb447a84"
          + "30089137862fa1e481aa994ee6b5382ced2b1f070cfe6ae1eb909c76f9ce6bfbc2946ab2eeb2"
          + "49dca78377f22f097e06a02405";
  static final String GOLDEN_EMERGENCY =
      "0300000000000000000300000000000000090200000005616c6963655e55e328163cb35692cc"
          + "a7e9081d1181a92366c15bfe956b5587e14ccf6c34458e3e275678dd4bfb7d137f285cadef08"
          + "9f041e3950569194c9ba988a86b02b0500000003626f62f7a2a2e065df9ecde14cb65f891cd5"
          + "4d63ded3493b2fc9366de7d717a54a0c317b95694ddbb773fafcacc9ba96431758af5de9ccf1"
          + "1ec9dad051f0897fc88404/0301000000000000000300000000000000090200000005616c696"
          + "365dcaa534d3e550bdf11669645e0492d32ca20b7f8b7a902d0722a2fe17999ea638af4146aa"
          + "83077ad094e0fa66c69e2a07806431b88b1183566badd5cdc62250a00000003626f620970854"
          + "61c6a3254c112371944bcd5535e9fe0879bc7a599d025f94364bab8264b993ea6b3c3450c08b"
          + "a2e5e042e30e555ece8382b7cec65232019a4acd0150d/030200000000000000030000000000"
          + "0000090200000005616c6963654e948028fcbb6ef9ca29b6b4dcb9a020123d939691a9f79e36"
          + "4cbc9ebd43d428a7ce627a2d9ac2ede34de8ab73df3251174b1d06812f72419ed6dfe1bf65b8"
          + "0300000003626f6243c2496a73b16a85f06452d7dddcc7e80f32098dbf2815ee1d6f37a9a924"
          + "b062bcc65b46b3da801936b19c1cc5c37dbc9f689cf7651bdd1da2af5c8cafc6520a/0303000"
          + "000000000000300000000000000090200000005616c696365cbd4992ffafe8616d43f2f22798"
          + "8b9e4d0a89c48012d439ba498b08002d0180b47d03a1ccab8cca0f24334bdf2a32aeae8ff1d3"
          + "38bc3f27d5d54f1efbc48250100000003626f627c653133f6c432acd5a5bd996ceb455039e74"
          + "d2e378ab156961f98fa1995e30709219d1df7f128d1e593fdb175b0616af837eb63bca218661"
          + "2894578a26a650a/";
  static final String GOLDEN_RECORDS =
      "01000000000000000400000005616c6963650000000154000000014400000002000000000000"
          + "00005694d08a2e53ffcae0c3103e5ad6f6076abd960eb1f8a56577040bc1028f702b01000000"
          + "010000000000000000000000000000003c01000000010000000b6164645f7374616b696e675e"
          + "689e2b01672bf33996e75d5e372ff60c536ce1599a1458e867cd8f4bef516000000000000000"
          + "0500000000000000000a00000000000000140000000000000046000000000000000a00000000"
          + "0000000fffffffffffffffff00000003776879/01000000000000000400000005616c6963650"
          + "00000015400000001440000000200000000000000005694d08a2e53ffcae0c3103e5ad6f6076"
          + "abd960eb1f8a56577040bc1028f702b01000000010000000000000000000000000000003c010"
          + "00000010000000b6164645f7374616b696e675e689e2b01672bf33996e75d5e372ff60c536ce"
          + "1599a1458e867cd8f4bef5160000000000000000501000000000000000a00000000000000140"
          + "000000000000046000000000000000a000000000000000fffffffffffffffff0000000377687"
          + "9/01000000000000000400000005616c69636500000001540000000144000000020000000000"
          + "0000005694d08a2e53ffcae0c3103e5ad6f6076abd960eb1f8a56577040bc1028f702b010000"
          + "00010000000000000000000000000000003c01000000010000000b6164645f7374616b696e67"
          + "5e689e2b01672bf33996e75d5e372ff60c536ce1599a1458e867cd8f4bef5160000000000000"
          + "000502000000000000000a00000000000000140000000000000046000000000000000a000000"
          + "000000000fffffffffffffffff00000003776879/01000000000000000400000005616c69636"
          + "5000000015400000001440000000200000000000000005694d08a2e53ffcae0c3103e5ad6f60"
          + "76abd960eb1f8a56577040bc1028f702b01000000010000000000000000000000000000003c0"
          + "1000000010000000b6164645f7374616b696e675e689e2b01672bf33996e75d5e372ff60c536"
          + "ce1599a1458e867cd8f4bef5160000000000000000503000000000000000a000000000000001"
          + "40000000000000046000000000000000a000000000000000fffffffffffffffff00000003776"
          + "879/01000000000000000400000005616c696365000000015400000001440000000200000000"
          + "000000005694d08a2e53ffcae0c3103e5ad6f6076abd960eb1f8a56577040bc1028f702b0100"
          + "0000010000000000000000000000000000003c01000000010000000b6164645f7374616b696e"
          + "675e689e2b01672bf33996e75d5e372ff60c536ce1599a1458e867cd8f4bef51600000000000"
          + "00000504000000000000000a00000000000000140000000000000046000000000000000a0000"
          + "00000000000fffffffffffffffff00000003776879/01000000000000000400000005616c696"
          + "365000000015400000001440000000200000000000000005694d08a2e53ffcae0c3103e5ad6f"
          + "6076abd960eb1f8a56577040bc1028f702b01000000010000000000000000000000000000003"
          + "c01000000010000000b6164645f7374616b696e675e689e2b01672bf33996e75d5e372ff60c5"
          + "36ce1599a1458e867cd8f4bef5160000000000000000505000000000000000a0000000000000"
          + "0140000000000000046000000000000000a000000000000000fffffffffffffffff000000037"
          + "76879/01000000000000000400000005616c6963650000000154000000014400000002000000"
          + "00000000005694d08a2e53ffcae0c3103e5ad6f6076abd960eb1f8a56577040bc1028f702b01"
          + "000000010000000000000000000000000000003c01000000010000000b6164645f7374616b69"
          + "6e675e689e2b01672bf33996e75d5e372ff60c536ce1599a1458e867cd8f4bef516000000000"
          + "0000000506000000000000000a00000000000000140000000000000046000000000000000a00"
          + "0000000000000fffffffffffffffff00000003776879/01000000000000000400000005616c6"
          + "96365000000015400000001440000000200000000000000005694d08a2e53ffcae0c3103e5ad"
          + "6f6076abd960eb1f8a56577040bc1028f702b010000000100000000000000000000000000000"
          + "03c01000000010000000b6164645f7374616b696e675e689e2b01672bf33996e75d5e372ff60"
          + "c536ce1599a1458e867cd8f4bef5160000000000000000507000000000000000a00000000000"
          + "000140000000000000046000000000000000a000000000000000fffffffffffffffff0000000"
          + "3776879/";
}
