package io.forkless.host.governance;

import static org.assertj.core.api.Assertions.assertThat;

import io.forkless.host.governance.GovernanceAction.VoteUpgrade;
import io.forkless.testing.Seeds;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GovernancePropertiesTest {

  private static final String[] THRESHOLDS = {"0.334", "0.5", "0.667", "1", "0.001", "0.999"};

  /** An independent oracle: BigDecimal products are exact. */
  private static boolean oracle(long yes, long no, long total, String quorum, String approval) {
    BigDecimal participating = BigDecimal.valueOf(yes + no);
    return yes + no > 0
        && participating.compareTo(new BigDecimal(quorum).multiply(BigDecimal.valueOf(total))) >= 0
        && BigDecimal.valueOf(yes).compareTo(new BigDecimal(approval).multiply(participating)) >= 0;
  }

  @ParameterizedTest
  @MethodSource("io.forkless.testing.Seeds#cases")
  void approvedExactlyWhenTheThresholdArithmeticHolds(long seed) {
    Random random = new Random(seed);
    String quorum = THRESHOLDS[random.nextInt(THRESHOLDS.length)];
    String approval = THRESHOLDS[random.nextInt(THRESHOLDS.length)];
    int count = 1 + random.nextInt(7);
    Map<String, Long> stakes = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      // Round stakes make exact-boundary cases (e.g. 667 of 1000) frequent.
      stakes.put(
          "v" + i,
          random.nextBoolean() ? 1 + random.nextInt(1000) : 100L * (1 + random.nextInt(10)));
    }
    UpgradeConfig config =
        new UpgradeConfig(0, 1, Threshold.parse(quorum), Threshold.parse(approval), 1000);
    GovernanceFixture f = new GovernanceFixture(config, stakes);
    long total = f.validators.totalStake();
    long id = f.propose("v0");
    long yes = 0;
    long no = 0;
    List<String> voters = new ArrayList<>(stakes.keySet());
    java.util.Collections.shuffle(voters, random);
    for (String v : voters) {
      if (random.nextInt(4) == 0) {
        continue; // abstains
      }
      ProposalRecord before = f.governance.proposal(f.state, id).orElseThrow();
      if (before.status() != ProposalStatus.PROPOSED) {
        break;
      }
      boolean approve = random.nextBoolean();
      boolean approvedBefore = f.governance.meetsThresholds(yes, no);
      f.submit(2, f.signed(new VoteUpgrade(id, v, approve), v));
      if (approve) {
        yes += stakes.get(v);
      } else {
        no += stakes.get(v);
      }
      String context =
          Seeds.replay(seed)
              + " q="
              + quorum
              + " a="
              + approval
              + " yes="
              + yes
              + " no="
              + no
              + " total="
              + total;
      assertThat(f.governance.isApproved(f.state, id))
          .as(context)
          .isEqualTo(oracle(yes, no, total, quorum, approval));
      if (approve && approvedBefore) {
        assertThat(f.governance.meetsThresholds(yes, no))
            .as("a yes vote never un-approves; " + context)
            .isTrue();
      }
      assertThat(f.governance.validators().totalStake()).as(context).isEqualTo(total);
    }
  }
}
