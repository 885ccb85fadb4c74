package io.forkless.host.upgrade;

import com.google.common.hash.HashCode;
import io.forkless.host.SampleJars;
import io.forkless.testing.jar.Signing;
import io.forkless.testing.jar.SigningIdentity;
import io.forkless.testing.jar.TestJar;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Packs test migration classes (package {@code io.forkless.testplugins}) into real plugin JARs
 * signed by the development key, so they go through the verifier and isolated loaders like any
 * plugin.
 */
public final class TestPlugins {

  private TestPlugins() {}

  public static SigningIdentity devSigner() {
    return SigningIdentity.fromPkcs12(
        SampleJars.devSigningKeyStore(), "forkless-dev-signer", SampleJars.devPassword());
  }

  /**
   * A signed plugin JAR in {@code dir} with id {@code pluginId}, holding {@code extension} (listed
   * in extensions.idx) and the helper classes it needs.
   */
  public static RuntimeCode plugin(
      Path dir, String pluginId, Class<?> extension, Class<?>... helpers) {
    Set<Class<?>> classes = new LinkedHashSet<>();
    classes.add(extension);
    classes.addAll(Set.of(helpers));
    TestJar.Builder builder =
        TestJar.builder()
            .manifestAttribute("Plugin-Id", pluginId)
            .manifestAttribute("Plugin-Version", "1.0.0")
            .entry("META-INF/extensions.idx", extension.getName() + "\n");
    for (Class<?> c : classes) {
      String path = c.getName().replace('.', '/') + ".class";
      builder.entry(path, classBytes(c, path));
    }
    TestJar jar = builder.build().signedBy(Signing.by(devSigner()));
    Path file = jar.writeTo(dir.resolve(pluginId + ".jar"));
    return new RuntimeCode(file, HashCode.fromString(jar.sha256Hex()));
  }

  private static byte[] classBytes(Class<?> c, String path) {
    try (InputStream in = c.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("no class file for " + c.getName());
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
