/**
 * The host functions runtimes and migrations call ({@link io.forkless.api.HostFunctions}):
 * deterministic Ed25519 verification and SHA-256 with fixed costs for metering.
 */
@NullMarked
package io.forkless.host.crypto;

import org.jspecify.annotations.NullMarked;
