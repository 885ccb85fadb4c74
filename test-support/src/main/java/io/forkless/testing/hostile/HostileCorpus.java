package io.forkless.testing.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The hostile corpus (issue #13): runtimes that try to make nodes diverge (identity hashes, salted
 * or identity-dependent iteration order, the environment, the JVM's stack) or to stall one (endless
 * loops, recursion, allocation bombs, static initializers, swallowed errors, forbidden members
 * reached through another owner). Each case is one class extending {@link HostileRuntime}, packaged
 * with it (and its nested classes) into its own runtime JAR; {@link OwnerRenaming} adds variants
 * whose bytecode names owners javac never would.
 *
 * <p>Every case says what a node must do with it: refuse it when it is loaded, with a reason
 * containing {@link HostileCase#detail()}, or run it, where every transaction ends
 * deterministically (its receipt containing the detail, when one is given) and two replays in
 * separate JVMs agree on every root and receipt.
 */
public final class HostileCorpus {

  /** The family of attack. */
  public enum Category {
    IDENTITY,
    ORDERING,
    ENVIRONMENT,
    STACK,
    CLASS_INIT,
    ALLOCATION,
    LOOPS,
    RECURSION,
    SWALLOWING,
    OWNER_RENAMING,
    STATIC_STATE
  }

  /** What the host must do with a case. */
  public enum Expect {
    REFUSED,
    RUNS
  }

  /**
   * One hostile runtime.
   *
   * @param name a short unique name
   * @param category its family
   * @param expect refused at loading, or run deterministically
   * @param detail for REFUSED, a fragment of the refusal reason; for RUNS, a fragment of every
   *     receipt (empty: the transactions may succeed)
   * @param implementation the binary name of its {@link io.forkless.api.Runtime} class
   * @param classFiles its class files by entry name ({@code a/b/C.class})
   */
  public record HostileCase(
      String name,
      Category category,
      Expect expect,
      String detail,
      String implementation,
      Map<String, byte[]> classFiles) {

    @Override
    public String toString() {
      return category + "/" + name;
    }
  }

  private HostileCorpus() {}

  /** Every case, the compiled ones first, then the ASM-made owner renamings. */
  public static List<HostileCase> cases() {
    List<HostileCase> out =
        new java.util.ArrayList<>(
            List.of(
                runs(PlainObjectHash.class, Category.IDENTITY, ""),
                runs(OwnClassHash.class, Category.IDENTITY, ""),
                runs(DefaultToString.class, Category.IDENTITY, ""),
                runs(ConcatOfObject.class, Category.IDENTITY, ""),
                runs(ObjectsHashOfObjects.class, Category.IDENTITY, ""),
                runs(LambdaHash.class, Category.IDENTITY, ""),
                runs(LambdaToString.class, Category.IDENTITY, ""),
                runs(LambdaClassName.class, Category.IDENTITY, ""),
                runs(EnumHash.class, Category.IDENTITY, ""),
                runs(SuperHashCode.class, Category.IDENTITY, ""),
                runs(ClassObjectHash.class, Category.IDENTITY, ""),
                runs(ArrayToString.class, Category.IDENTITY, ""),
                runs(ListHashOfObjects.class, Category.IDENTITY, ""),
                runs(RecordWithEnumHash.class, Category.IDENTITY, ""),
                runs(MethodRefHash.class, Category.IDENTITY, ""),
                runs(CollectionsOfIdentityObjects.class, Category.IDENTITY, ""),
                runs(HashSetOfObjects.class, Category.ORDERING, ""),
                runs(HashMapOfObjectKeys.class, Category.ORDERING, ""),
                runs(HashMapOfEnumKeys.class, Category.ORDERING, ""),
                runs(OwnHashMapSubclass.class, Category.ORDERING, ""),
                runs(HashSetOfLambdas.class, Category.ORDERING, ""),
                runs(SetOfSalted.class, Category.ORDERING, ""),
                runs(MapOfSalted.class, Category.ORDERING, ""),
                refused(
                    ReadsClock.class, Category.ENVIRONMENT, "java.lang.System.currentTimeMillis"),
                refused(ReadsEnvironment.class, Category.ENVIRONMENT, "java.lang.System.getenv"),
                refused(MathRandom.class, Category.ENVIRONMENT, "java.lang.Math.random"),
                refused(CountsProcessors.class, Category.ENVIRONMENT, "java.lang.Runtime"),
                refused(DefaultLocale.class, Category.ENVIRONMENT, "toUpperCase"),
                refused(CatastrophicRegex.class, Category.ENVIRONMENT, "java.lang.String.matches"),
                refused(PatternBacktracking.class, Category.ENVIRONMENT, "java.util.regex.Pattern"),
                runs(
                    SplitWithRegex.class,
                    Category.ENVIRONMENT,
                    "split needs a one-character delimiter"),
                refused(BigIntegerDoubling.class, Category.ENVIRONMENT, "java.math.BigInteger"),
                runs(StrictFloatingPoint.class, Category.ENVIRONMENT, ""),
                refused(CatchesStackOverflow.class, Category.STACK, "java.lang.StackOverflowError"),
                runs(ProbesDepthWithThrowable.class, Category.STACK, "call depth limit reached"),
                refused(ReadsStackTrace.class, Category.STACK, "getStackTrace"),
                refused(PrintsStackTrace.class, Category.STACK, "printStackTrace"),
                refused(ClinitSpins.class, Category.CLASS_INIT, "out of steps"),
                refused(ClinitThrows.class, Category.CLASS_INIT, "static initializer threw"),
                refused(ConstructorSpins.class, Category.CLASS_INIT, "out of steps"),
                refused(ClinitHugeArray.class, Category.CLASS_INIT, "memory limit reached"),
                refused(
                    HelperClinitRecursion.class, Category.CLASS_INIT, "call depth limit reached"),
                runs(HugeArray.class, Category.ALLOCATION, "memory limit reached"),
                runs(ArrayGrowthLoop.class, Category.ALLOCATION, "memory limit reached"),
                runs(StringDoubling.class, Category.ALLOCATION, "memory limit reached"),
                runs(StringRepeat.class, Category.ALLOCATION, "memory limit reached"),
                runs(NCopies.class, Category.ALLOCATION, "memory limit reached"),
                runs(ArrayListCapacity.class, Category.ALLOCATION, "memory limit reached"),
                runs(MultiArray.class, Category.ALLOCATION, "memory limit reached"),
                runs(AddAllDoubling.class, Category.ALLOCATION, "memory limit reached"),
                runs(BuilderSelfAppend.class, Category.ALLOCATION, "memory limit reached"),
                runs(ArraysCopyOf.class, Category.ALLOCATION, "memory limit reached"),
                runs(
                    SpinsForever.class,
                    Category.LOOPS,
                    "out of steps at io.forkless.testing.hostile.SpinsForever.apply"),
                runs(SpinsInLambda.class, Category.LOOPS, "out of steps"),
                runs(SpinsInScanCallback.class, Category.LOOPS, "out of steps"),
                runs(SpinsInEqualsCalledByJdk.class, Category.LOOPS, "out of steps"),
                runs(SpinsInToStringOfConcat.class, Category.LOOPS, "out of steps"),
                runs(ThrowsSpinningException.class, Category.LOOPS, "out of steps"),
                runs(ArrayCopyLoop.class, Category.LOOPS, "out of steps"),
                runs(ArraysFillLoop.class, Category.LOOPS, "out of steps"),
                runs(ListContainsLoop.class, Category.LOOPS, "out of steps"),
                runs(InfiniteRecursion.class, Category.RECURSION, "call depth limit reached"),
                runs(MutualRecursion.class, Category.RECURSION, "call depth limit reached"),
                runs(RecursiveConstructor.class, Category.RECURSION, "call depth limit reached"),
                runs(RecursiveHashCodeViaJdk.class, Category.RECURSION, "call depth limit reached"),
                runs(CatchThrowableAroundSpin.class, Category.SWALLOWING, "out of steps"),
                runs(
                    CatchErrorAroundRecursion.class,
                    Category.SWALLOWING,
                    "call depth limit reached"),
                runs(FinallyRestartsSpin.class, Category.SWALLOWING, "out of steps"),
                runs(CatchAroundHugeArray.class, Category.SWALLOWING, "memory limit reached"),
                refused(
                    StreamViaArrayListOwner.class,
                    Category.OWNER_RENAMING,
                    "java.util.ArrayList.stream"),
                refused(
                    StackTraceViaSubclassOwner.class,
                    Category.OWNER_RENAMING,
                    "java.lang.IllegalArgumentException.getStackTrace"),
                refused(
                    WaitViaOwnClassOwner.class, Category.OWNER_RENAMING, "java.lang.Object.wait"),
                refused(
                    StaticCounter.class,
                    Category.STATIC_STATE,
                    "writes static field io.forkless.testing.hostile.StaticCounter.count outside"
                        + " its class's static initializer"),
                refused(
                    StaticListMutated.class,
                    Category.STATIC_STATE,
                    "StaticListMutated.SEEN -> holds a mutable java.util.ArrayList"),
                refused(
                    StaticArrayWritten.class, Category.STATIC_STATE, "writes into a static array"),
                refused(
                    StaticArrayEscapes.class,
                    Category.STATIC_STATE,
                    "passes to a method or lambda a static array"),
                refused(
                    StaticHolderMutated.class,
                    Category.STATIC_STATE,
                    "StaticHolderMutated.HOLDER -> holds a"
                        + " io.forkless.testing.hostile.StaticHolderMutated$Holder whose field count"
                        + " is not final"),
                runs(StaticLookupTables.class, Category.STATIC_STATE, ""),
                runs(InstanceCounter.class, Category.STATIC_STATE, "")));
    out.addAll(OwnerRenaming.cases());
    return List.copyOf(out);
  }

  /**
   * A hostile runtime outside the corpus list, as a case that runs (for tests of one path): {@code
   * type} must extend {@link HostileRuntime}.
   */
  public static HostileCase single(Class<? extends HostileRuntime> type) {
    return compiled(type, Category.LOOPS, Expect.RUNS, "");
  }

  private static HostileCase refused(Class<?> type, Category category, String reason) {
    return compiled(type, category, Expect.REFUSED, reason);
  }

  private static HostileCase runs(Class<?> type, Category category, String receipt) {
    return compiled(type, category, Expect.RUNS, receipt);
  }

  private static HostileCase compiled(
      Class<?> type, Category category, Expect expect, String detail) {
    return new HostileCase(
        type.getSimpleName(), category, expect, detail, type.getName(), classFilesOf(type));
  }

  /** {@code type}, {@link HostileRuntime} and every class nested in {@code type}, read as bytes. */
  static Map<String, byte[]> classFilesOf(Class<?> type) {
    Map<String, byte[]> out = new TreeMap<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(internalName(type));
    todo.add(internalName(HostileRuntime.class));
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (out.containsKey(name + ".class")) {
        continue;
      }
      byte[] bytes = read(name);
      out.put(name + ".class", bytes);
      new ClassReader(bytes)
          .accept(
              new ClassVisitor(Opcodes.ASM9) {
                @Override
                public void visitInnerClass(
                    String inner, String outer, String simpleName, int access) {
                  if (inner.startsWith(name + "$")) {
                    todo.add(inner);
                  }
                }
              },
              ClassReader.SKIP_CODE);
    }
    return out;
  }

  static byte[] read(String internalName) {
    try (InputStream in =
        HostileCorpus.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
      if (in == null) {
        throw new IllegalStateException(internalName + ".class is not on the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String internalName(Class<?> type) {
    return type.getName().replace('.', '/');
  }
}
