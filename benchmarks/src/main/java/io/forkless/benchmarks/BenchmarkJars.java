package io.forkless.benchmarks;

import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ACC_STATIC;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ARETURN;
import static org.objectweb.asm.Opcodes.ICONST_1;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.IRETURN;
import static org.objectweb.asm.Opcodes.LADD;
import static org.objectweb.asm.Opcodes.LLOAD;
import static org.objectweb.asm.Opcodes.LMUL;
import static org.objectweb.asm.Opcodes.LRETURN;
import static org.objectweb.asm.Opcodes.LSTORE;
import static org.objectweb.asm.Opcodes.LXOR;
import static org.objectweb.asm.Opcodes.RETURN;
import static org.objectweb.asm.Opcodes.V17;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import com.google.common.hash.Hashing;
import io.forkless.host.loader.VerifiedJar;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;

/**
 * Inputs of the loader benchmarks. Paths are relative to the project root (run the benchmarks from
 * there) unless the system property {@code forkless.root} names it: the signed balances 1.0.0 JAR
 * built by the reactor ({@code runtimes/balances-1.0.0/target/balances-runtime-1.0.0.jar}) and the
 * development signing certificate ({@code dev-keys/DEV-ONLY-jar-signing.p12}).
 *
 * <p>The JAR is read into a {@link VerifiedJar} directly, without {@code JarVerifier} (benchmarked
 * separately): these benchmarks measure the bytecode scan, class loading and calls only.
 */
final class BenchmarkJars {

  private static final String GENERATED_PACKAGE = "io/forkless/generated/";

  private BenchmarkJars() {}

  /** The signed balances 1.0.0 runtime JAR, read into memory. */
  static VerifiedJar balances100() {
    Path jar = root().resolve("runtimes/balances-1.0.0/target/balances-runtime-1.0.0.jar");
    try {
      byte[] bytes = Files.readAllBytes(jar);
      Map<String, byte[]> entries = new TreeMap<>();
      try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
        for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
          if (!e.isDirectory()) {
            entries.put(e.getName(), zip.readAllBytes());
          }
        }
      }
      Manifest manifest =
          new Manifest(new ByteArrayInputStream(entries.get("META-INF/MANIFEST.MF")));
      Map<String, String> attributes = new LinkedHashMap<>();
      manifest.getMainAttributes().forEach((k, v) -> attributes.put(k.toString(), v.toString()));
      return io.forkless.host.loader.BenchmarkVerifiedJars.unverified(
          jar.toString(),
          Hashing.sha256().hashBytes(bytes),
          ImmutableMap.copyOf(attributes),
          ImmutableSortedMap.copyOf(entries),
          ImmutableList.of(devSigner()));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + jar.toAbsolutePath() + ": build it (mvn verify) and run from the root",
          e);
    }
  }

  /**
   * A runtime JAR of about {@code targetBytes} of generated class files: filler classes of
   * straight-line arithmetic, and a runtime (version 1.0.0) whose static initializer touches every
   * filler class, so loading the runtime defines all of them.
   */
  static VerifiedJar generated(int targetBytes) {
    Map<String, byte[]> entries = new TreeMap<>();
    int total = 0;
    int count = 0;
    while (total < targetBytes) {
      byte[] filler = fillerClass(GENERATED_PACKAGE + "Filler" + count);
      entries.put(GENERATED_PACKAGE + "Filler" + count + ".class", filler);
      total += filler.length;
      count++;
    }
    String runtime = GENERATED_PACKAGE + "GeneratedRuntime";
    entries.put(runtime + ".class", runtimeClass(runtime, count));
    entries.put(
        "META-INF/services/io.forkless.api.Runtime",
        (runtime.replace('/', '.') + "\n").getBytes(StandardCharsets.UTF_8));
    var hasher = Hashing.sha256().newHasher();
    entries.forEach((k, v) -> hasher.putString(k, StandardCharsets.UTF_8).putBytes(v));
    return io.forkless.host.loader.BenchmarkVerifiedJars.unverified(
        "generated-" + total + "-bytes.jar",
        hasher.hash(),
        ImmutableMap.of("Forkless-Runtime-Version", "1.0.0"),
        ImmutableSortedMap.copyOf(entries),
        ImmutableList.of(devSigner()));
  }

  private static byte[] fillerClass(String name) {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(V17, ACC_PUBLIC, name, null, "java/lang/Object", null);
    MethodVisitor touch = cw.visitMethod(ACC_PUBLIC | ACC_STATIC, "touch", "()V", null, null);
    touch.visitCode();
    touch.visitInsn(RETURN);
    touch.visitMaxs(0, 0);
    touch.visitEnd();
    for (int m = 0; m < 20; m++) {
      MethodVisitor mv = cw.visitMethod(ACC_PUBLIC | ACC_STATIC, "mix" + m, "(J)J", null, null);
      mv.visitCode();
      for (int i = 0; i < 100; i++) {
        mv.visitVarInsn(LLOAD, 0);
        mv.visitLdcInsn((long) (i * 31 + m));
        mv.visitInsn(i % 2 == 0 ? LADD : LXOR);
        mv.visitLdcInsn(1_000_003L);
        mv.visitInsn(LMUL);
        mv.visitVarInsn(LSTORE, 0);
      }
      mv.visitVarInsn(LLOAD, 0);
      mv.visitInsn(LRETURN);
      mv.visitMaxs(0, 0);
      mv.visitEnd();
    }
    cw.visitEnd();
    return cw.toByteArray();
  }

  private static byte[] runtimeClass(String name, int fillers) {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(
        V17, ACC_PUBLIC, name, null, "java/lang/Object", new String[] {"io/forkless/api/Runtime"});
    MethodVisitor mv = cw.visitMethod(ACC_STATIC, "<clinit>", "()V", null, null);
    mv.visitCode();
    for (int i = 0; i < fillers; i++) {
      mv.visitMethodInsn(INVOKESTATIC, GENERATED_PACKAGE + "Filler" + i, "touch", "()V", false);
    }
    mv.visitInsn(RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    mv = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
    mv.visitCode();
    mv.visitVarInsn(ALOAD, 0);
    mv.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    mv.visitInsn(RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    mv = cw.visitMethod(ACC_PUBLIC, "version", "()Lio/forkless/api/RuntimeVersion;", null, null);
    mv.visitCode();
    mv.visitInsn(ICONST_1);
    mv.visitInsn(ICONST_1 - 1);
    mv.visitInsn(ICONST_1 - 1);
    mv.visitMethodInsn(
        INVOKESTATIC,
        "io/forkless/api/RuntimeVersion",
        "of",
        "(III)Lio/forkless/api/RuntimeVersion;",
        false);
    mv.visitInsn(ARETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    mv = cw.visitMethod(ACC_PUBLIC, "stateLayoutVersion", "()I", null, null);
    mv.visitCode();
    mv.visitInsn(ICONST_1);
    mv.visitInsn(IRETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    mv =
        cw.visitMethod(
            ACC_PUBLIC, "initGenesis", "(Lio/forkless/api/State;Ljava/util/Map;)V", null, null);
    mv.visitCode();
    mv.visitInsn(RETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    mv =
        cw.visitMethod(
            ACC_PUBLIC,
            "apply",
            "(Lio/forkless/api/State;Lio/forkless/api/BlockContext;[B)Lio/forkless/api/Receipt;",
            null,
            null);
    mv.visitCode();
    mv.visitMethodInsn(
        INVOKESTATIC, "io/forkless/api/Receipt", "ok", "()Lio/forkless/api/Receipt;", false);
    mv.visitInsn(ARETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    mv =
        cw.visitMethod(
            ACC_PUBLIC, "invariants", "(Lio/forkless/api/StateView;)Ljava/util/Map;", null, null);
    mv.visitCode();
    mv.visitMethodInsn(INVOKESTATIC, "java/util/Map", "of", "()Ljava/util/Map;", true);
    mv.visitInsn(ARETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }

  private static Path root() {
    return Path.of(System.getProperty("forkless.root", "."));
  }

  private static X509Certificate devSigner() {
    Path store = root().resolve("dev-keys/DEV-ONLY-jar-signing.p12");
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(in, "forkless-dev-only".toCharArray());
      return (X509Certificate) keys.getCertificate("forkless-dev-signer");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
