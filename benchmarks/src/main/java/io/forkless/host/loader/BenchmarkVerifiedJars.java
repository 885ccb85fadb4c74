package io.forkless.host.loader;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.hash.HashCode;
import java.security.cert.X509Certificate;

/**
 * Benchmarks only: a {@link VerifiedJar} from entries that were not verified (generated classes, or
 * a sample JAR read without its signature check), to measure loading alone. Not part of the host.
 */
public final class BenchmarkVerifiedJars {

  private BenchmarkVerifiedJars() {}

  public static VerifiedJar unverified(
      String source,
      HashCode codeHash,
      ImmutableMap<String, String> mainAttributes,
      ImmutableSortedMap<String, byte[]> entries,
      ImmutableList<X509Certificate> signerChain) {
    return new VerifiedJar(source, codeHash, mainAttributes, entries, signerChain);
  }
}
