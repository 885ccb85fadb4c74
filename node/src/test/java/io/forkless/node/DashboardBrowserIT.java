package io.forkless.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import io.forkless.api.MigrationPlan;
import io.forkless.api.RuntimeVersion;
import io.forkless.host.SampleJars;
import io.forkless.host.chain.Transaction;
import io.forkless.host.governance.GovernanceAction;
import io.forkless.host.governance.HashedMigrationPlan;
import io.forkless.host.governance.SignedGovernanceTx;
import io.forkless.node.dev.DevChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard in a real browser against a live dev node (a child process): the runtime version, a
 * proposal with its tally, a countdown that decreases, the timeline gaining 2.0.0 at activation,
 * then the rollback. Saves a screenshot mid-upgrade and the page's weight and time to first render
 * under target/dashboard/.
 */
class DashboardBrowserIT {

  private static final Duration STEP = Duration.ofSeconds(60);
  private static final Path OUT = Path.of("target", "dashboard");

  @TempDir Path tmp;

  @Test
  void showsALiveUpgradeFromProposalToActivationAndRollback() throws Exception {
    Optional<String> missing = Browser.missing();
    if (missing.isPresent()) {
      String banner = "!".repeat(100);
      System.err.println(
          banner + "\nSKIPPED the dashboard browser test: " + missing.get() + "\n" + banner);
      Assumptions.abort(missing.get());
    }
    Files.createDirectories(OUT);
    try (NodeProcess node =
            NodeProcess.start(
                tmp.resolve("node.log"),
                "--dev",
                "--data-dir",
                tmp.resolve("data").toString(),
                "--block-time",
                "300");
        Closing browser =
            new Closing(
                Browser.start(tmp.resolve("chromium-profile"), tmp.resolve("chromedriver.log")))) {
      ChromeDriver page = browser.driver;
      page.get(node.url("/"));
      await()
          .atMost(STEP)
          .until(
              () ->
                  "1"
                      .equals(
                          page.findElement(By.tagName("body")).getDomAttribute("data-rendered")));
      assertThat(text(page, "runtime-version")).isEqualTo("1.0.0");
      assertThat(text(page, "state")).isEqualTo("ok");
      Map<String, Object> figures = firstLoadFigures(page);

      // Propose 2.0.0 with add_staking; alice and bob (70 of 100 stake) vote yes.
      RuntimeVersion v1 = RuntimeVersion.of(1, 0, 0);
      RuntimeVersion v2 = RuntimeVersion.of(2, 0, 0);
      var propose =
          new GovernanceAction.ProposeUpgrade(
              "alice",
              "Balances 2.0.0: staking",
              "adds stake/unstake; add_staking migrates the accounts",
              v2,
              sha256(SampleJars.jar(SampleJars.RUNTIME_2_0_0)),
              Optional.of(
                  new HashedMigrationPlan(
                      new MigrationPlan(v1, v2, List.of("add_staking"), 1, false),
                      ImmutableMap.of(
                          "add_staking", sha256(SampleJars.jar(SampleJars.ADD_STAKING))))),
              40,
              1);
      awaitIncluded(node, submit(node, sign(propose, "alice")));
      String proposalId =
          await()
              .atMost(STEP)
              .until(() -> attr(page, "[data-proposal-id]", "data-proposal-id"), p -> p != null);
      long id = Long.parseLong(proposalId);
      submit(node, sign(new GovernanceAction.VoteUpgrade(id, "alice", true), "alice"));
      submit(node, sign(new GovernanceAction.VoteUpgrade(id, "bob", true), "bob"));
      await()
          .atMost(STEP)
          .until(
              () -> "70".equals(attr(page, "[data-proposal-id='" + id + "'] .tally", "data-yes")));
      assertThat(text(page, "proposals"))
          .contains("Balances 2.0.0: staking", "add_staking", "yes 70, no 0 of 100 stake");

      // Approved when voting ends: the countdown to activation runs down.
      String countdown = "[data-proposal-id='" + id + "'] .countdown.activation";
      await().atMost(STEP).until(() -> attr(page, countdown, "data-blocks") != null);
      long first = Long.parseLong(attr(page, countdown, "data-blocks"));
      assertThat(first).isPositive();
      Files.write(OUT.resolve("mid-upgrade.png"), page.getScreenshotAs(OutputType.BYTES));
      await()
          .atMost(STEP)
          .until(
              () -> {
                String now = attr(page, countdown, "data-blocks");
                return now != null && Long.parseLong(now) < first;
              });
      assertThat(text(page, "proposals")).contains("Activates at height");

      // Activation: the timeline gains 2.0.0, active.
      await().atMost(STEP).until(() -> "2.0.0".equals(text(page, "runtime-version")));
      await()
          .atMost(STEP)
          .until(
              () ->
                  exists(
                      page, "#timeline tr[data-version='2.0.0'][data-outcome='executed'].active"));
      Files.write(OUT.resolve("after-activation.png"), page.getScreenshotAs(OutputType.BYTES));

      // Rollback by alice + bob: 1.0.0 again, and the timeline and events say so.
      long nonce = node.rpc("forkless_status", NodeProcess.params()).get("emergencyNonce").asLong();
      node.rpc(
          "forkless_rollback",
          NodeProcess.params()
              .put(
                  "tx",
                  HashCode.fromBytes(
                          sign(
                                  new GovernanceAction.Emergency(
                                      GovernanceAction.EmergencyKind.ROLLBACK, id, nonce),
                                  "alice",
                                  "bob")
                              .encode())
                      .toString()));
      await().atMost(STEP).until(() -> "1.0.0".equals(text(page, "runtime-version")));
      await()
          .atMost(STEP)
          .until(
              () -> exists(page, "#timeline tr[data-version='2.0.0'][data-outcome='rolled back']"));
      await().atMost(STEP).until(() -> exists(page, "#events li[data-kind='ROLLED_BACK']"));
      assertThat(exists(page, "#timeline tr[data-version='1.0.0'].active")).isTrue();
      Files.write(OUT.resolve("after-rollback.png"), page.getScreenshotAs(OutputType.BYTES));

      writeFigures(figures);

      // The node goes away: the page says so and keeps the last data.
      assertThat(node.stop()).isZero();
      await().atMost(STEP).until(() -> page.findElement(By.id("offline")).isDisplayed());
      assertThat(text(page, "runtime-version")).isEqualTo("1.0.0");
    }
  }

  /** Bytes transferred on first load and time to first render, from the browser's own timings. */
  private static Map<String, Object> firstLoadFigures(ChromeDriver page) {
    @SuppressWarnings("unchecked")
    Map<String, Object> f =
        (Map<String, Object>)
            page.executeScript(
                "const nav = performance.getEntriesByType('navigation')[0];"
                    + "const res = performance.getEntriesByType('resource');"
                    + "const assets = res.filter(r => r.initiatorType !== 'fetch');"
                    + "const firstFetch = res.find(r => r.initiatorType === 'fetch');"
                    + "const paint = performance.getEntriesByName('first-contentful-paint')[0];"
                    + "const rendered = performance.getEntriesByName('forkless-first-render')[0];"
                    + "return {"
                    + " pageBytes: nav.transferSize + assets.reduce((s, r) => s + r.transferSize, 0),"
                    + " firstDataBytes: firstFetch ? firstFetch.transferSize : 0,"
                    + " requests: 1 + res.length,"
                    + " firstContentfulPaintMs: paint ? Math.round(paint.startTime) : -1,"
                    + " firstDataRenderMs: rendered ? Math.round(rendered.startTime) : -1 };");
    assertThat(((Number) f.get("pageBytes")).longValue()).as("%s", f).isPositive();
    assertThat(((Number) f.get("firstDataRenderMs")).longValue()).as("%s", f).isPositive();
    return f;
  }

  private static void writeFigures(Map<String, Object> f) throws Exception {
    double kb = ((Number) f.get("pageBytes")).longValue() / 1024.0;
    double dataKb = ((Number) f.get("firstDataBytes")).longValue() / 1024.0;
    String text =
        String.format(
            "page weight on first load: %.1f KB (%s requests; + %.1f KB first dashboard data)%n"
                + "first contentful paint: %s ms%n"
                + "first render with data: %s ms%n",
            kb,
            f.get("requests"),
            dataKb,
            f.get("firstContentfulPaintMs"),
            f.get("firstDataRenderMs"));
    Files.writeString(OUT.resolve("figures.txt"), text);
    System.out.print("Dashboard figures (target/dashboard/figures.txt):\n" + text);
  }

  private static String text(ChromeDriver page, String id) {
    return page.findElement(By.id(id)).getText();
  }

  /**
   * An attribute of the first element matching {@code css}, read in one script call: the page
   * replaces its proposal elements at every refresh, so a found element may be gone a moment later.
   */
  private static String attr(ChromeDriver page, String css, String name) {
    Object value =
        page.executeScript(
            "const e = document.querySelector(arguments[0]);"
                + " return e ? e.getAttribute(arguments[1]) : null;",
            css,
            name);
    return value == null ? null : value.toString();
  }

  private static boolean exists(ChromeDriver page, String css) {
    return !page.findElements(By.cssSelector(css)).isEmpty();
  }

  private static void awaitIncluded(NodeProcess node, String hash) {
    await()
        .atMost(STEP)
        .until(
            () ->
                node.rpc("forkless_transaction", NodeProcess.params().put("hash", hash))
                    .get("status")
                    .asText()
                    .equals("included"));
    JsonNode tx = node.rpc("forkless_transaction", NodeProcess.params().put("hash", hash));
    assertThat(tx.get("success").asBoolean()).as("%s", tx).isTrue();
  }

  private static String submit(NodeProcess node, SignedGovernanceTx tx) {
    return node.rpc(
            "forkless_submitTransaction",
            NodeProcess.params()
                .put("tx", HashCode.fromBytes(Transaction.host(tx.encode()).encode()).toString()))
        .get("hash")
        .asText();
  }

  /** Each validator's next governance nonce: every transaction signed here is applied. */
  private static final java.util.Map<String, Long> NONCES =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static SignedGovernanceTx sign(GovernanceAction action, String... validators) {
    List<SignedGovernanceTx.NamedKey> keys = new ArrayList<>();
    for (String v : validators) {
      keys.add(new SignedGovernanceTx.NamedKey(v, DevChain.devKey(v).getPrivate()));
    }
    long nonce = NONCES.merge(validators[0], 1L, Long::sum) - 1;
    return SignedGovernanceTx.sign(DevChain.CHAIN_ID, action, nonce, ImmutableList.copyOf(keys));
  }

  private static HashCode sha256(Path file) throws Exception {
    return Hashing.sha256().hashBytes(Files.readAllBytes(file));
  }

  /** Quits the browser however the test ends. */
  private static final class Closing implements AutoCloseable {
    final ChromeDriver driver;

    Closing(ChromeDriver driver) {
      this.driver = driver;
    }

    @Override
    public void close() {
      driver.quit();
    }
  }
}
