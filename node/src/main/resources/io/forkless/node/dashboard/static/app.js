// The Forkless dashboard: polls the node's read-only JSON-RPC method forkless_dashboard and renders
// it. Plain JavaScript, no build step, no external resources. Every value from the chain is set with
// textContent (never innerHTML): proposal titles are written by whoever proposes.
"use strict";
(function () {
  const POLL_MS = 1000;
  const $ = (id) => document.getElementById(id);
  let firstRender = true;

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === "class") e.className = v;
      else if (k.startsWith("data-")) e.setAttribute(k, String(v));
      else e[k] = v;
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      e.append(c instanceof Node ? c : String(c));
    }
    return e;
  }

  const short = (hash) => (hash && hash.length > 12 ? hash.slice(0, 12) + "…" : hash || "");

  function duration(seconds) {
    if (seconds < 90) return seconds + " s";
    if (seconds < 5400) return Math.round(seconds / 60) + " min";
    if (seconds < 172800) return (seconds / 3600).toFixed(1) + " h";
    return (seconds / 86400).toFixed(1) + " days";
  }

  function setText(id, text) {
    const e = $(id);
    if (e.textContent !== text) e.textContent = text;
  }

  function render(d) {
    setText("chain", d.chainId + (d.dev ? " (dev)" : ""));
    const state = $("state");
    state.textContent = d.state;
    state.className = "badge " + d.state;
    // Warnings (a staged runtime's failed warm-up) do not stop production: shown after the reason.
    setText("reason", [d.reason].concat(d.warnings || []).filter(Boolean).join(" · WARNING: "));
    setText("node-version", "node " + d.nodeVersion);
    setText("height", String(d.height));
    setText("head-hash", short(d.headHash));
    setText("runtime-version", d.runtime.version);
    $("runtime-hash").title = d.runtime.codeHash;
    setText("runtime-hash", "code " + short(d.runtime.codeHash));
    const bt = d.blockTime;
    setText("block-time", bt.measuredMillis === null ? "–" : (bt.measuredMillis / 1000).toFixed(2) + " s");
    setText("block-time-target", "target " + (bt.targetMillis / 1000).toFixed(2) + " s, mean of last " + bt.window);
    setText("snapshots", d.snapshots.retained + " / " + d.snapshots.max);
    setText("mempool", String(d.mempoolSize));
    const t = d.thresholds;
    setText("thresholds", "quorum " + t.quorum + " of stake, approval " + t.approval + " of votes");
    renderProposals(d.proposals);
    renderTimeline(d.timeline);
    renderEvents(d.events);
    renderValidators(d.validators, d.network);
    renderMigration(d.migration);
    setText("updated", "Updated at height " + d.height + ".");
  }

  function tallyBar(t) {
    const pct = (x) => (t.totalStake > 0 ? (100 * x) / t.totalStake : 0) + "%";
    const bar = el("div", { class: "tally", "data-yes": t.yesStake, "data-no": t.noStake, "data-total": t.totalStake,
      title: "yes " + t.yesStake + ", no " + t.noStake + " of " + t.totalStake + " stake" });
    const yes = el("div", { class: "yes" });
    yes.style.width = pct(t.yesStake);
    const no = el("div", { class: "no" });
    no.style.left = pct(t.yesStake);
    no.style.width = pct(t.noStake);
    const quorum = el("div", { class: "mark quorum", title: "quorum: " + t.quorumStake + " stake must vote" });
    quorum.style.left = pct(t.quorumStake);
    bar.append(yes, no, quorum);
    if (t.participatingStake > 0) {
      const approval = el("div", { class: "mark approval", title: "approval: " + t.approvalStake + " yes stake needed of the votes cast" });
      approval.style.left = pct(t.approvalStake);
      bar.append(approval);
    }
    return bar;
  }

  function countdown(label, c, height, cls) {
    if (!c) return null;
    return el("div", { class: cls, "data-blocks": c.blocks },
      label + " at height " + height + ": in " + c.blocks + " block" + (c.blocks === 1 ? "" : "s") +
      " (≈ " + duration(c.etaSeconds) + " at " + (c.msPerBlock / 1000).toFixed(2) + " s/block)");
  }

  function renderProposals(list) {
    const box = $("proposals");
    if (!list.length) return;
    const nodes = list.map((p) => {
      const t = p.tally;
      const migrations = p.migrations.length
        ? p.migrations.map((m) => m.name + " (" + short(m.codeHash) + ")").join(", ") : "none";
      return el("div", { class: "proposal", "data-proposal-id": p.id, "data-state": p.state },
        el("div", null, el("span", { class: "title" }, "#" + p.id + " " + p.title),
          el("span", { class: "state " + p.state }, p.state.replace("_", " ").toLowerCase()),
          el("span", { class: "muted" }, "  by " + p.proposer)),
        el("div", { class: "muted" }, "runtime " + p.version + ", code ",
          el("span", { class: "mono", title: p.codeHash }, short(p.codeHash)), ", migrations: " + migrations),
        tallyBar(t),
        el("div", { class: "legend muted" }, el("span", { class: "key yes" }), "yes ", el("span", { class: "key no" }), "no ",
          el("span", { class: "key quorum" }), "quorum (stake that must vote) ",
          t.participatingStake > 0 ? el("span", { class: "key approval" }) : null,
          t.participatingStake > 0 ? "approval (yes stake needed)" : null),
        el("div", { class: "muted tally-text" },
          "yes " + t.yesStake + ", no " + t.noStake + " of " + t.totalStake + " stake; quorum " + t.quorumStake +
          (t.quorumMet ? " met" : " needed") + ", approval " + t.approval + " of votes" +
          (t.participatingStake > 0 ? (t.approvalMet ? " met" : " not met") : "")),
        countdown("Voting ends", p.votingCountdown, p.votingEndsHeight, "countdown voting"),
        countdown("Activates", p.activationCountdown, p.activationHeight, "countdown activation"),
        p.precheck ? el("div", { class: "precheck" }, "pre-checked by " + p.precheck.stake + " stake") : null,
        p.reason ? el("div", { class: "muted" }, p.reason) : null);
    });
    box.replaceChildren(...nodes);
  }

  function renderTimeline(list) {
    const rows = list.map((r) => el("tr", { class: r.active ? "active" : "", "data-version": r.version, "data-outcome": r.outcome },
      el("td", null, r.version + (r.active ? " (active)" : "")),
      el("td", null, String(r.fromHeight)),
      el("td", { class: "mono", title: r.codeHash }, short(r.codeHash)),
      el("td", { class: "outcome-" + r.outcome.split(" ")[0], title: r.detail }, r.outcome),
      el("td", null, r.proposalId === null ? "" : "#" + r.proposalId)));
    $("timeline").tBodies[0].replaceChildren(...rows);
  }

  function renderEvents(list) {
    const items = list.map((e) => el("li", { "data-kind": e.kind },
      el("span", { class: "kind" }, e.kind.replace("_", " ").toLowerCase()),
      el("span", { class: "muted" }, "#" + e.height + " "), e.message));
    $("events").replaceChildren(...items);
  }

  function renderValidators(list, network) {
    $("validators").tBodies[0].replaceChildren(...list.map((v) => el("tr", null, el("td", null, v.name), el("td", null, String(v.stake)))));
    // Filled on a validator network: {nodeId, leader, term, peers: [{id, height, lag, role, halted}]}.
    $("network-panel").hidden = !network;
    if (network) {
      const shown = (v) => (v === null || v === undefined ? "–" : String(v));
      $("network").tBodies[0].replaceChildren(...network.peers.map((n) => el("tr", null,
        el("td", null, n.id + (n.id === network.nodeId ? " (this node)" : "")), el("td", null, shown(n.height)),
        el("td", null, shown(n.lag)), el("td", null, n.halted ? "HALTED" : n.role))));
    }
  }

  function renderMigration(m) {
    // While a multi-block migration runs (status RPC "migration"): {upgradeId, to, migration, keysDone,
    // keysEstimated, blocksUsed, activationHeight, keysPerBlock, etaBlocks, etaSeconds, usersPaused}.
    $("migration-panel").hidden = !m;
    if (m) {
      const of = m.keysEstimated > 0 ? " of " + m.keysEstimated : "";
      const eta = m.etaSeconds === null ? "unknown" : m.etaBlocks + " blocks, ≈ " + duration(m.etaSeconds);
      const bar = el("progress", { max: String(Math.max(1, m.keysEstimated)), value: String(m.keysDone) });
      $("migration").replaceChildren(
        el("div", null, "Upgrade #" + m.upgradeId + " to " + m.to + ": '" + m.migration + "' " + m.keysDone + of + " keys"),
        bar,
        el("div", null, m.blocksUsed + " blocks since height " + m.activationHeight + " at " + m.keysPerBlock +
          " keys/block; left: " + eta),
        el("div", null, m.usersPaused ? "User transactions wait until the swap." : "The previous runtime serves users until the swap."));
    }
  }

  async function poll() {
    try {
      const response = await fetch("/rpc", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "forkless_dashboard", params: {} }) });
      const body = await response.json();
      if (body.error) throw new Error(body.error.message);
      render(body.result);
      $("offline").hidden = true;
      if (firstRender) {
        firstRender = false;
        performance.mark("forkless-first-render");
        document.body.setAttribute("data-rendered", "1");
      }
    } catch (e) {
      $("offline").hidden = false;
    } finally {
      setTimeout(poll, POLL_MS);
    }
  }

  poll();
})();
