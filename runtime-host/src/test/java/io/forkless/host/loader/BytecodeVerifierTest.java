package io.forkless.host.loader;

import static io.forkless.host.loader.GeneratedClasses.Kind.CONSTRUCTOR;
import static io.forkless.host.loader.GeneratedClasses.Kind.INTERFACE;
import static io.forkless.host.loader.GeneratedClasses.Kind.STATIC;
import static io.forkless.host.loader.GeneratedClasses.Kind.STATIC_FIELD;
import static io.forkless.host.loader.GeneratedClasses.Kind.VIRTUAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.objectweb.asm.Opcodes.H_INVOKESTATIC;

import com.google.common.collect.ImmutableList;
import io.forkless.host.SampleJars;
import io.forkless.host.loader.GeneratedClasses.ForbiddenApi;
import io.forkless.host.loader.GeneratedClasses.Site;
import io.forkless.host.loader.fixtures.DeterministicCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.Handle;

class BytecodeVerifierTest {

  private static final String EVIL = "com.example.evil.Evil";

  private final BytecodeVerifier verifier = BytecodeVerifier.create();

  /** Every API the issue forbids, reached the way code would reach it. */
  static final List<ForbiddenApi> FORBIDDEN =
      List.of(
          api(
              "clock: System.currentTimeMillis",
              STATIC,
              "java/lang/System",
              "currentTimeMillis",
              "()J"),
          api("clock: System.nanoTime", STATIC, "java/lang/System", "nanoTime", "()J"),
          api("clock: Instant.now", STATIC, "java/time/Instant", "now", "()Ljava/time/Instant;"),
          api(
              "clock: Clock.systemUTC",
              STATIC,
              "java/time/Clock",
              "systemUTC",
              "()Ljava/time/Clock;"),
          api("random: new Random", CONSTRUCTOR, "java/util/Random", "<init>", "()V"),
          api(
              "random: ThreadLocalRandom.current",
              STATIC,
              "java/util/concurrent/ThreadLocalRandom",
              "current",
              "()Ljava/util/concurrent/ThreadLocalRandom;"),
          api(
              "random: new SecureRandom",
              CONSTRUCTOR,
              "java/security/SecureRandom",
              "<init>",
              "()V"),
          api("random: Math.random", STATIC, "java/lang/Math", "random", "()D"),
          api(
              "random: UUID.randomUUID",
              STATIC,
              "java/util/UUID",
              "randomUUID",
              "()Ljava/util/UUID;"),
          api(
              "thread: Thread.currentThread",
              STATIC,
              "java/lang/Thread",
              "currentThread",
              "()Ljava/lang/Thread;"),
          api(
              "executor: Executors.newSingleThreadExecutor",
              STATIC,
              "java/util/concurrent/Executors",
              "newSingleThreadExecutor",
              "()Ljava/util/concurrent/ExecutorService;"),
          api("timer: new Timer", CONSTRUCTOR, "java/util/Timer", "<init>", "()V"),
          api(
              "async: CompletableFuture.supplyAsync",
              STATIC,
              "java/util/concurrent/CompletableFuture",
              "supplyAsync",
              "(Ljava/util/function/Supplier;)Ljava/util/concurrent/CompletableFuture;"),
          api(
              "file I/O: new FileInputStream",
              CONSTRUCTOR,
              "java/io/FileInputStream",
              "<init>",
              "(Ljava/lang/String;)V"),
          api(
              "file I/O: Files.readAllBytes",
              STATIC,
              "java/nio/file/Files",
              "readAllBytes",
              "(Ljava/nio/file/Path;)[B"),
          api(
              "console I/O: System.out",
              STATIC_FIELD,
              "java/lang/System",
              "out",
              "Ljava/io/PrintStream;"),
          api(
              "network: new Socket",
              CONSTRUCTOR,
              "java/net/Socket",
              "<init>",
              "(Ljava/lang/String;I)V"),
          api(
              "reflection: Class.getDeclaredMethods",
              VIRTUAL,
              "java/lang/Class",
              "getDeclaredMethods",
              "()[Ljava/lang/reflect/Method;"),
          api(
              "reflection: Method.invoke",
              VIRTUAL,
              "java/lang/reflect/Method",
              "invoke",
              "(Ljava/lang/Object;[Ljava/lang/Object;)Ljava/lang/Object;"),
          api(
              "method handles: MethodHandles.lookup",
              STATIC,
              "java/lang/invoke/MethodHandles",
              "lookup",
              "()Ljava/lang/invoke/MethodHandles$Lookup;"),
          api(
              "Class.forName",
              STATIC,
              "java/lang/Class",
              "forName",
              "(Ljava/lang/String;)Ljava/lang/Class;"),
          api(
              "class loader: Class.getClassLoader",
              VIRTUAL,
              "java/lang/Class",
              "getClassLoader",
              "()Ljava/lang/ClassLoader;"),
          api(
              "class loader: ClassLoader.getSystemClassLoader",
              STATIC,
              "java/lang/ClassLoader",
              "getSystemClassLoader",
              "()Ljava/lang/ClassLoader;"),
          api(
              "System.getenv",
              STATIC,
              "java/lang/System",
              "getenv",
              "(Ljava/lang/String;)Ljava/lang/String;"),
          api(
              "System.getProperty",
              STATIC,
              "java/lang/System",
              "getProperty",
              "(Ljava/lang/String;)Ljava/lang/String;"),
          api("System.exit", STATIC, "java/lang/System", "exit", "(I)V"),
          api(
              "Integer.getInteger (a system property)",
              STATIC,
              "java/lang/Integer",
              "getInteger",
              "(Ljava/lang/String;)Ljava/lang/Integer;"),
          api(
              "Runtime.getRuntime",
              STATIC,
              "java/lang/Runtime",
              "getRuntime",
              "()Ljava/lang/Runtime;"),
          api(
              "Runtime.exec",
              VIRTUAL,
              "java/lang/Runtime",
              "exec",
              "(Ljava/lang/String;)Ljava/lang/Process;"),
          api(
              "Unsafe: sun.misc.Unsafe.getUnsafe",
              STATIC,
              "sun/misc/Unsafe",
              "getUnsafe",
              "()Lsun/misc/Unsafe;"),
          api(
              "Unsafe: jdk.internal.misc.Unsafe.getUnsafe",
              STATIC,
              "jdk/internal/misc/Unsafe",
              "getUnsafe",
              "()Ljdk/internal/misc/Unsafe;"),
          api(
              "default charset: String.getBytes()",
              VIRTUAL,
              "java/lang/String",
              "getBytes",
              "()[B"),
          api(
              "default locale: String.format",
              STATIC,
              "java/lang/String",
              "format",
              "(Ljava/lang/String;[Ljava/lang/Object;)Ljava/lang/String;"),
          api(
              "parallel streams: Collection.parallelStream",
              INTERFACE,
              "java/util/Collection",
              "parallelStream",
              "()Ljava/util/stream/Stream;"));

  static Stream<Arguments> everyForbiddenApiFromEverySite() {
    return FORBIDDEN.stream()
        .flatMap(api -> Stream.of(Site.values()).map(site -> Arguments.of(api, site)));
  }

  @ParameterizedTest(name = "{0} from {1}")
  @MethodSource("everyForbiddenApiFromEverySite")
  void refusesEachForbiddenApiFromAMethodAStaticInitializerAndALambda(ForbiddenApi api, Site site) {
    VerifiedJar jar =
        TestJars.builder("evil.jar").classFile(GeneratedClasses.calling(EVIL, api, site)).build();

    assertThat(verifier.verify(jar)).contains(api.violation(EVIL, site));
  }

  @Test
  void refusesAForbiddenObjectMethodReachedThroughTheJarsOwnClass() {
    VerifiedJar jar =
        TestJars.builder("evil.jar")
            .classFile(
                GeneratedClasses.callingInherited(EVIL, "java/lang/Object", null, "wait", "()V"))
            .build();

    assertThat(verifier.verify(jar)).containsExactly(EVIL + ".run()V -> java.lang.Object.wait()V");
  }

  @Test
  void refusesAForbiddenInterfaceMethodInheritedThroughTheJarsOwnClass() {
    VerifiedJar jar =
        TestJars.builder("evil.jar")
            .classFile(
                GeneratedClasses.callingInherited(
                    EVIL,
                    "java/util/AbstractCollection",
                    new String[] {"java/util/Collection"},
                    "parallelStream",
                    "()Ljava/util/stream/Stream;"))
            .build();

    assertThat(verifier.verify(jar))
        .containsExactly(
            EVIL + ".run()V -> java.util.Collection.parallelStream()Ljava/util/stream/Stream;");
  }

  @Test
  void walksThroughSeveralOwnClassesToTheJdkAncestorThatRefusesTheMember() {
    VerifiedJar jar =
        TestJars.builder("evil.jar")
            .classFile(
                GeneratedClasses.callingInherited(
                    "com.example.evil.Base",
                    "java/util/AbstractCollection",
                    new String[] {"java/util/Collection"},
                    "size",
                    "()I"))
            .classFile(
                GeneratedClasses.callingInherited(
                    EVIL,
                    "com/example/evil/Base",
                    null,
                    "parallelStream",
                    "()Ljava/util/stream/Stream;"))
            .build();

    assertThat(verifier.verify(jar))
        .containsExactly(
            EVIL + ".run()V -> java.util.Collection.parallelStream()Ljava/util/stream/Stream;");
  }

  @Test
  void refusesANativeMethod() {
    VerifiedJar jar =
        TestJars.builder("evil.jar").classFile(GeneratedClasses.nativeMethod(EVIL)).build();

    assertThat(verifier.verify(jar)).containsExactly(EVIL + ".now()J -> native method");
  }

  @Test
  void refusesAFinalizer() {
    VerifiedJar jar =
        TestJars.builder("evil.jar").classFile(GeneratedClasses.finalizer(EVIL)).build();

    assertThat(verifier.verify(jar)).containsExactly(EVIL + ".finalize()V -> finalizer");
  }

  @Test
  void refusesAnInvokedynamicBootstrapOtherThanLambdasConcatenationAndRecords() {
    VerifiedJar jar =
        TestJars.builder("evil.jar").classFile(GeneratedClasses.customBootstrap(EVIL)).build();

    assertThat(verifier.verify(jar))
        .contains(
            EVIL
                + ".run()V -> invokedynamic bootstrap "
                + EVIL
                + ".bootstrap(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
                + "Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;");
  }

  @Test
  void refusesAMethodReferenceToAForbiddenMember() {
    Handle nanoTime = new Handle(H_INVOKESTATIC, "java/lang/System", "nanoTime", "()J", false);
    VerifiedJar jar =
        TestJars.builder("evil.jar")
            .classFile(GeneratedClasses.methodReference(EVIL, nanoTime, "()J"))
            .build();

    assertThat(verifier.verify(jar))
        .containsExactly(
            EVIL + ".run()Ljava/util/function/LongSupplier; -> java.lang.System.nanoTime()J");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "com/google/common/collect/ImmutableList",
        "org/slf4j/LoggerFactory",
        "io/forkless/host/loader/RuntimeLoader",
        "org/pf4j/DefaultPluginManager"
      })
  void refusesExtendingAHostOrLibraryClass(String superclass) {
    VerifiedJar jar =
        TestJars.builder("evil.jar")
            .classFile(GeneratedClasses.extending(EVIL, superclass))
            .build();

    assertThat(verifier.verify(jar)).containsExactly(EVIL + " -> " + superclass.replace('/', '.'));
  }

  @Test
  void listsEveryViolationNotOnlyTheFirst() {
    VerifiedJar jar =
        TestJars.builder("evil.jar")
            .classFile(GeneratedClasses.calling(EVIL, FORBIDDEN.get(0), Site.METHOD))
            .classFile(GeneratedClasses.nativeMethod("com.example.evil.Native"))
            .classFile(GeneratedClasses.finalizer("com.example.evil.Finalizer"))
            .build();

    assertThat(verifier.verify(jar))
        .containsExactlyInAnyOrder(
            EVIL + ".run()V -> java.lang.System.currentTimeMillis()J",
            "com.example.evil.Native.now()J -> native method",
            "com.example.evil.Finalizer.finalize()V -> finalizer");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        SampleJars.RUNTIME_1_0_0,
        SampleJars.RUNTIME_1_1_0,
        SampleJars.RUNTIME_2_0_0,
        SampleJars.ADD_STAKING
      })
  void acceptsEverySampleRuntimeAndPluginWithZeroViolations(String fileName) {
    assertThat(verifier.verify(TestJars.sample(fileName))).isEmpty();
  }

  @Test
  void acceptsRecordsEnumsSwitchesLambdasMethodReferencesAndConcatenationAsJavacCompilesThem() {
    TestJars.Builder jar = TestJars.builder("deterministic.jar");
    compiledClassesOf(DeterministicCode.class).forEach(jar::classFile);

    assertThat(verifier.verify(jar.build())).isEmpty();
  }

  @Test
  void reportsAnEntryThatIsNotAClassFile() {
    VerifiedJar jar =
        TestJars.builder("evil.jar").entry("com/example/Broken.class", "garbage").build();

    assertThat(verifier.verify(jar))
        .singleElement()
        .asString()
        .startsWith("com/example/Broken.class -> not a valid class file");
  }

  private static ForbiddenApi api(
      String label, GeneratedClasses.Kind kind, String owner, String name, String descriptor) {
    return new ForbiddenApi(label, kind, owner, name, descriptor);
  }

  /** The class file of {@code type} and of its nested classes, from the test class path. */
  static ImmutableList<byte[]> compiledClassesOf(Class<?> type) {
    try {
      Path file = Path.of(type.getResource(type.getSimpleName() + ".class").toURI());
      String prefix = type.getSimpleName();
      try (Stream<Path> siblings = Files.list(file.getParent())) {
        return siblings
            .filter(p -> p.getFileName().toString().startsWith(prefix))
            .map(BytecodeVerifierTest::read)
            .collect(ImmutableList.toImmutableList());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] read(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
