package io.forkless.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.hash.Hashing;
import io.forkless.testing.jar.Signing;
import io.forkless.testing.jar.SigningIdentity;
import io.forkless.testing.jar.TestJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

class RuntimeInspectCommandTest {

  @Test
  void acceptsTheSignedSampleRuntimeAndShowsVersionHashAndSigner() throws IOException {
    Path jar = SampleJars.runtime("2.0.0");
    String hash = Hashing.sha256().hashBytes(Files.readAllBytes(jar)).toString();

    Cli cli = Cli.run("runtime", "inspect", jar.toString(), "--dev", "--expect-hash", hash);

    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out())
        .contains("kind       runtime")
        .contains("version    2.0.0")
        .contains("code hash  " + hash)
        .contains("signer     ")
        .contains("verdict    ACCEPTED");
  }

  @Test
  void acceptsTheSamplePluginAndListsItsMigrations() {
    Cli cli =
        Cli.run(
            "runtime",
            "inspect",
            SampleJars.addStaking().toString(),
            "--truststore",
            SampleJars.devTrustStore().toString(),
            "--truststore-password",
            "forkless-dev-only",
            "--json");

    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
    JsonNode json = FakeNode.parse(cli.out());
    assertThat(json.path("kind").asText()).isEqualTo("MIGRATION_PLUGIN");
    assertThat(json.path("migrations").get(0).asText()).isEqualTo("add_staking");
    assertThat(json.path("pluginId").asText()).isEqualTo("add_staking");
    assertThat(json.path("version").asText()).isEqualTo("1.0.0");
    assertThat(json.path("accepted").asBoolean()).isTrue();
    assertThat(json.path("problems")).isEmpty();
  }

  @Test
  void showsAPluginsIdAndVersionFromItsManifest() {
    Cli cli = Cli.run("runtime", "inspect", SampleJars.addStaking().toString(), "--dev");

    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out())
        .contains("kind       migration_plugin")
        .contains("plugin     add_staking")
        .contains("version    1.0.0")
        .doesNotContain("not readable");
  }

  @Test
  void aDifferentExpectedHashIsAProblem() {
    Cli cli =
        Cli.run(
            "runtime",
            "inspect",
            SampleJars.runtime("1.0.0").toString(),
            "--dev",
            "--expect-hash",
            "00".repeat(32));

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.out()).contains("REJECTED: 1 problem(s)").contains("code hash mismatch");
  }

  @Test
  void aTamperedJarIsRejectedWithItsSignatureProblem(@TempDir Path dir) throws IOException {
    Path tampered =
        TestJar.of(Files.readAllBytes(SampleJars.runtime("1.0.0")))
            .withEntryAdded("extra/evil.txt", new byte[] {1, 2, 3})
            .writeTo(dir.resolve("tampered.jar"));

    Cli cli = Cli.run("runtime", "inspect", tampered.toString(), "--dev");

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.out()).contains("verdict    REJECTED").contains("extra/evil.txt");
    assertThat(cli.err().strip())
        .startsWith("error: the node would refuse " + tampered)
        .doesNotContain("\n");
  }

  @Test
  void listsEveryBytecodeViolationOfASignedJar(@TempDir Path dir) {
    SigningIdentity dev =
        SigningIdentity.fromPkcs12(
            SampleJars.devSigningStore(), "forkless-dev-signer", "forkless-dev-only".toCharArray());
    Path jar =
        TestJar.builder()
            .manifestAttribute("Forkless-Runtime-Version", "9.0.0")
            .entry("bad/Clock.class", clockAndThreadClass())
            .entry("META-INF/services/io.forkless.api.Runtime", "bad.Clock\n")
            .build()
            .signedBy(Signing.by(dev))
            .writeTo(dir.resolve("bad.jar"));

    Cli cli = Cli.run("runtime", "inspect", jar.toString(), "--dev");

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.out())
        .contains("version    9.0.0")
        .contains("verdict    REJECTED: 4 problem(s)")
        .contains("bad.Clock.now()J -> java.lang.Thread.<init>()V")
        .contains("java.lang.System.currentTimeMillis()J");
  }

  @Test
  void withoutATrustStoreOrDevItRefusesToGuess() {
    Cli cli = Cli.run("runtime", "inspect", SampleJars.runtime("1.0.0").toString());

    assertThat(cli.exitCode()).isEqualTo(1);
    assertThat(cli.err().strip())
        .isEqualTo(
            "error: no trust store: give --truststore FILE --truststore-password P, or --dev to"
                + " trust the development CA");
  }

  /** A class whose one method reads the clock and starts a thread: two violations. */
  private static byte[] clockAndThreadClass() {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
    cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "bad/Clock", null, "java/lang/Object", null);
    MethodVisitor m =
        cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "now", "()J", null, null);
    m.visitCode();
    m.visitTypeInsn(Opcodes.NEW, "java/lang/Thread");
    m.visitInsn(Opcodes.DUP);
    m.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Thread", "<init>", "()V", false);
    m.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/lang/Thread", "start", "()V", false);
    m.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "currentTimeMillis", "()J", false);
    m.visitInsn(Opcodes.LRETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }
}
