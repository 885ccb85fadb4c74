/**
 * Real and hostile JARs for tests, built in memory and signed with the JDK's {@code JarSigner}:
 * {@link io.forkless.testing.jar.TestJar} (entries, manifest, signing, tampering on the archive or
 * its raw bytes), {@link io.forkless.testing.jar.Keytool} (keys and CA-issued certificates through
 * the {@code keytool} binary). No binary fixture is committed.
 */
package io.forkless.testing.jar;
