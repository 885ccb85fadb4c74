/**
 * The contract between the Forkless host and the code it loads: {@link io.forkless.api.Runtime}
 * implementations (one per runtime JAR) and {@link io.forkless.api.StateMigration} extensions (in
 * migration-plugin JARs). Runtimes and plugins depend on this module with {@code provided} scope
 * and never bundle it. Nothing here refers to host classes; no method accepts or returns {@code
 * null}.
 *
 * <p>Changing this package changes what every third-party runtime compiles against: the API hash
 * test makes such a change a deliberate act.
 */
package io.forkless.api;
