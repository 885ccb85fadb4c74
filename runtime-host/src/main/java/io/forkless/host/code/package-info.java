/**
 * Runtime and migration-plugin code in chain state (issue #14): uploads in bounded chunks as host
 * transactions, assembled and SHA-256-checked under the host namespace, read back by hash, and
 * pruned when no longer referenced. {@link io.forkless.host.code.CodeStore} is the state API,
 * {@link io.forkless.host.code.OnChainCode} the node's code repository over it.
 */
@NullMarked
package io.forkless.host.code;

import org.jspecify.annotations.NullMarked;
