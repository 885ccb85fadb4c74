/**
 * The validator network (issue #15): validators form an Apache Ratis (Raft) group whose replicated
 * log holds the chain's blocks and the transactions submitted to any validator.
 *
 * <p>The leader executes a block from its mempool once ({@link
 * io.forkless.host.chain.Chain#prepareBlock}), signs it with its validator key and appends it to
 * the log; every validator applies committed entries in log order ({@link ChainStateMachine}): a
 * block that extends the head is committed as prepared (the leader) or imported, i.e. re-executed
 * and checked against its header (everyone else). A node whose execution disagrees with a committed
 * block halts with an alert and never goes on with its own state. Raft tolerates crashed
 * validators, not lying ones; the re-execution is what detects a faulty leader.
 */
@NullMarked
package io.forkless.cluster;

import org.jspecify.annotations.NullMarked;
