/**
 * On-chain governance of runtime upgrades: proposals, stake-weighted signed votes, exact
 * thresholds, the timelock, and emergency actions (cancel, pause, resume, rollback).
 *
 * <p>Governance transactions are host-level transactions carried in blocks and processed before the
 * runtime's transactions, so every node agrees on the height at which a proposal is approved and
 * when it activates. Their state lives in the chain's key-value state under the host namespace
 * (keys starting with byte {@code 0x00}), so it is covered by the state root, snapshots and replay.
 *
 * <p>Rules, chosen where the issue left a choice:
 *
 * <ul>
 *   <li>A validator's vote is final: a second vote on the same proposal is refused ("already
 *       voted").
 *   <li>At most one upgrade proposal is open (proposed or scheduled) at a time; a second is refused
 *       until the first is executed, failed, rejected, expired, cancelled or rolled back.
 *   <li>A proposal is approved as soon as its yes stake alone reaches {@code approval_threshold} of
 *       the total stake (no later vote could change the outcome); otherwise it is decided at the
 *       end of its voting period: approved when participating stake ≥ {@code quorum_threshold} ×
 *       total and yes stake ≥ {@code approval_threshold} × participating; rejected when the quorum
 *       was met but not the approval; expired when the quorum was not met. All comparisons are
 *       exact (integers).
 *   <li>An approved proposal activates at approval height + its activation delay, which must be at
 *       least {@code timelock_delay} (and at least 1).
 *   <li>Emergency actions (cancel a proposal before execution, pause or resume block production,
 *       roll back an executed upgrade) are one transaction signed by distinct validators holding
 *       together at least {@code approval_threshold} of the stake. Each carries the chain's
 *       emergency nonce, so a signed emergency transaction cannot be replayed.
 *   <li>Every signature covers a domain tag, the chain id and the transaction's full body.
 * </ul>
 */
@NullMarked
package io.forkless.host.governance;

import org.jspecify.annotations.NullMarked;
