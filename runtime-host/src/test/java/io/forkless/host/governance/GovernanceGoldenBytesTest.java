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

  // Regenerated deliberately for issue 12: signed governance transactions carry the submitter's
  // nonce (encoding and signed bytes, domain forkless/governance/v2).
  static final String GOLDEN_PROPOSE =
      "0100000005616c696365000000015400000001440000000200000000000000005694d08a2e53"
          + "ffcae0c3103e5ad6f6076abd960eb1f8a56577040bc1028f702b010000000100000000000000"
          + "00000000000000003c01000000010000000b6164645f7374616b696e675e689e2b01672bf339"
          + "96e75d5e372ff60c536ce1599a1458e867cd8f4bef5160000000000000000500000000000000"
          + "0100000000000000000100000005616c6963651b7e2ba6d2da9026d268576844e69d2ee8fffc"
          + "d9a6e7bd6509e12809019c93abb137c10fb6cab64243a7d73e55c49df5b7248e73c59627e45a"
          + "a059ddc5490207";
  static final String GOLDEN_VOTE =
      "02000000000000000700000003626f620100000000000000000100000003626f6278b3203421"
          + "57436b72e0f4ce202f8c41cdf16a4ec7b7ca2b428f15b1f6ea60201792e1aeb30681329ea4c5"
          + "2cfbfbf1d38e05b84be22d2da9b831ad7152d84e09";
  static final String GOLDEN_EMERGENCY =
      "03000000000000000003000000000000000900000000000000000200000005616c6963659070"
          + "2820a4bef5eaa560e4dcb99da9b5c7af2ec7b634b38205dcf72c488452357ab51fe49f49fa12"
          + "aed1e4b8d7ccded7ec68da39bef5d985c82e821c5a699d0500000003626f62fe14d49d8196e6"
          + "af0018d0a24d954c6553d264207f5f0999efe1b409f576091c07b44e54a6299183a896cc5c1c"
          + "47bca7fdc9f5e126bfa1cc4a42bba8cc62000c/0301000000000000000300000000000000090"
          + "0000000000000000200000005616c6963659bd531524c542d9124403999b507bf8b5967c6585"
          + "ca5e47ec881576bb134079cf4f4f6ec6e7a759efa38070225adb803b27741740ae66b5b14f20"
          + "48107da490e00000003626f62fb8ad186e0a82b1069e7165df91623498e90ac7e924e6302ff5"
          + "06e2a158584fb64a28ec952e502a7439cf5bb27a6ea74ea04f849d9104529b88c22862c23ea0"
          + "0/03020000000000000003000000000000000900000000000000000200000005616c69636587"
          + "ab80317cb7546060eb8d1b46c904daf3b8f9f8f6e1ff476fa8a9b0351b25c91a9e24be7f0c08"
          + "922df0e7d467ca7336222926be5d0d1789533203b1b068c00a00000003626f626e6f90cad418"
          + "e549eef906a0b14b0c7784773ece4b9af755b2b61ff4382942bcfa87e4c46e6a51accc7fefe0"
          + "d65df3a532bc46af844c5d0f2943b32105a24808/03030000000000000003000000000000000"
          + "900000000000000000200000005616c69636529cfc8e334a20f112b39b9069777192428ec86a"
          + "30d58317dd0a90633dcf0613ed3f9380a9e537d9305c643826f0f6029ac8828c263501e49882"
          + "22344a1afb60200000003626f621d32bc5c33b44ec85be73a60135b4ed19d50ce2c964e46827"
          + "8fde669fa2d2a98d37a66542e22819251f048264c269c6eaf288a8f52816cfa7f61e42737581"
          + "909/";
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
