package io.forkless.host.loader;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.Optional;

/**
 * The one place that says which JDK classes and members runtime and migration code may use. Read it
 * top to bottom to review the policy; {@link BytecodeVerifier} enforces it on every instruction and
 * {@link FilteringParentClassLoader} derives the visible JDK packages from it.
 *
 * <p>Default deny: a JDK class that is not listed here may not be named at all (no call, field,
 * type, cast or constant). Each line of {@link #POLICY} is {@code owner members...}:
 *
 * <ul>
 *   <li>{@code owner} is a binary class name ({@code java.util.Map$Entry}) or a package wildcard
 *       ({@code java.util.function.*}, classes directly in that package, nested ones included);
 *   <li>{@code *} allows every member; {@code -name} or {@code -name(descriptor)} then refuses a
 *       member; without {@code *} only the members listed ({@code name} or {@code
 *       name(descriptor)}) are allowed, the type itself may still be named;
 *   <li>{@code #} starts a comment explaining a non-obvious entry.
 * </ul>
 *
 * <p>Why some members of allowed classes are refused: they read the clock, randomness, the
 * environment, the default locale or charset, or write to the console, so two nodes could compute
 * different results; or one call can take time or memory out of the meter's sight (regex, arbitrary
 * precision, sizes given by a load factor). A member refused on a class is refused on every
 * subtype, whatever owner the bytecode names. Floating point is allowed: Java 17 evaluates it
 * strictly everywhere, and {@code Math} calls are rewritten to {@code StrictMath}.
 *
 * <p>What the list cannot catch is fixed by transformation when the code is loaded ({@code
 * io.forkless.host.metering}): identity hash codes and default {@code toString} become
 * per-execution counters, {@code HashMap}/{@code HashSet} become their insertion-ordered
 * subclasses, {@code Set.of}/{@code Map.of} (salted per JVM run) become insertion-ordered
 * unmodifiable copies, and every instruction is metered.
 *
 * <p>Besides these JDK members, code may always use its own JAR's classes, {@code
 * io.forkless.api.*} and the PF4J types {@code org.pf4j.ExtensionPoint} and {@code
 * org.pf4j.Extension}; {@code invokedynamic} may only use the bootstraps in {@link
 * #INVOKEDYNAMIC_BOOTSTRAPS}.
 */
final class JdkAllowList {

  /** The policy. Keep it sorted by package, then class. */
  static final String POLICY =
      """
      java.lang.Object                 * -wait -notify -notifyAll -finalize
      # default charset and locale differ between nodes; indent(n) allocates n per line, unmetered;
      # matches, replaceAll and replaceFirst run a regex (see java.util.regex below); split is
      # rewritten when loaded to allow only the JDK's regex-free fast path (a one-character delimiter)
      java.lang.String                 * -getBytes()[B -<init>([B)V -<init>([BII)V -format -formatted -toLowerCase()Ljava/lang/String; -toUpperCase()Ljava/lang/String; -indent -matches -replaceAll -replaceFirst
      java.lang.StringBuilder          *
      java.lang.CharSequence           *
      java.lang.Comparable             *
      java.lang.Iterable               *
      java.lang.AutoCloseable          *
      java.lang.Cloneable              *
      java.lang.Enum                   * -finalize
      java.lang.Record                 *
      java.lang.Number                 *
      java.lang.Boolean                * -getBoolean
      java.lang.Byte                   *
      java.lang.Short                  *
      java.lang.Character              *
      java.lang.Integer                * -getInteger
      java.lang.Long                   * -getLong
      java.lang.Float                  *
      java.lang.Double                 *
      java.lang.Void                   *
      # Math calls are rewritten to StrictMath (bit-exact on every platform) when loaded
      java.lang.Math                   * -random
      java.lang.StrictMath             * -random
      java.lang.System                 arraycopy
      java.lang.Class                  desiredAssertionStatus getName getSimpleName isInstance cast equals hashCode toString
      java.lang.Override               *
      java.lang.FunctionalInterface    *
      java.lang.SuppressWarnings       *
      java.lang.SafeVarargs            *
      java.lang.Deprecated             *
      java.lang.Throwable              * -printStackTrace -setStackTrace -getStackTrace
      java.lang.Exception              *
      java.lang.RuntimeException       *
      java.lang.Error                  *
      java.lang.AssertionError         *
      java.lang.ArithmeticException    *
      java.lang.ArrayIndexOutOfBoundsException *
      java.lang.ArrayStoreException    *
      java.lang.ClassCastException     *
      java.lang.CloneNotSupportedException *
      java.lang.IllegalArgumentException *
      java.lang.IllegalStateException  *
      java.lang.IndexOutOfBoundsException *
      java.lang.NegativeArraySizeException *
      # javac's synthetic switch map for a switch on an enum catches NoSuchFieldError; an exhaustive
      # switch expression throws IncompatibleClassChangeError (MatchException from Java 21).
      java.lang.IncompatibleClassChangeError *
      java.lang.MatchException         *
      java.lang.NoSuchFieldError       *
      java.lang.NullPointerException   *
      java.lang.NumberFormatException  *
      java.lang.StringIndexOutOfBoundsException *
      java.lang.UnsupportedOperationException *
      # javac names MethodHandles and MethodHandles$Lookup in the InnerClasses attribute of every class with a lambda;
      # naming the types is harmless: none of their members is allowed, so no code obtains a Lookup.
      java.lang.invoke.MethodHandles
      java.lang.invoke.MethodHandles$Lookup
      java.lang.invoke.LambdaMetafactory
      java.lang.invoke.StringConcatFactory
      java.lang.runtime.ObjectMethods
      # java.math is refused: an arbitrary-precision operation's time and memory grow with its
      # operands (x = x.multiply(x) doubles them per step), beyond what per-instruction steps bound.
      # Use long with Math.addExact/multiplyExact.
      java.nio.charset.StandardCharsets *
      java.nio.charset.Charset         name encode decode equals hashCode toString compareTo
      java.nio.Buffer                  * -isDirect
      java.nio.ByteBuffer              * -allocateDirect
      java.nio.CharBuffer              *
      java.nio.ByteOrder               *
      java.util.AbstractCollection     *
      java.util.AbstractList           *
      java.util.AbstractMap            *
      java.util.AbstractMap$SimpleEntry *
      java.util.AbstractMap$SimpleImmutableEntry *
      java.util.AbstractSet            *
      java.util.ArrayDeque             *
      java.util.ArrayList              *
      # copyOf with a Class argument creates an array of a size the metering cannot see first
      java.util.Arrays                 * -copyOf([Ljava/lang/Object;ILjava/lang/Class;)[Ljava/lang/Object; -copyOfRange([Ljava/lang/Object;IILjava/lang/Class;)[Ljava/lang/Object;
      java.util.Base64                 *
      java.util.Base64$Decoder         *
      java.util.Base64$Encoder         *
      # BitSet is refused: set(i) allocates up to i/8 bytes in one call, out of the meter's sight.
      java.util.Collection             * -stream -parallelStream -spliterator
      java.util.Collections            * -shuffle(Ljava/util/List;)V
      java.util.Comparator             *
      java.util.ConcurrentModificationException *
      java.util.Deque                  *
      java.util.EnumMap                *
      java.util.EnumSet                *
      # HashMap and HashSet are rewritten to their Linked subclasses when loaded (insertion order,
      # whatever the keys' hashes); a load factor argument sizes tables the meter cannot charge.
      java.util.HashMap                * -<init>(IF)V
      java.util.HashSet                * -<init>(IF)V
      java.util.HexFormat              *
      java.util.Iterator               *
      java.util.LinkedHashMap          * -<init>(IF)V -<init>(IFZ)V
      java.util.LinkedHashSet          * -<init>(IF)V
      java.util.LinkedList             *
      java.util.List                   * -stream -parallelStream -spliterator
      java.util.ListIterator           *
      # Set.of, Map.of and their copies iterate in an order salted per JVM run: rewritten when
      # loaded to insertion-ordered unmodifiable copies with the same checks (nulls, duplicates).
      java.util.Map                    *
      java.util.Map$Entry              *
      java.util.NavigableMap           *
      java.util.NavigableSet           *
      java.util.NoSuchElementException *
      java.util.Objects                *
      java.util.Optional               * -stream
      java.util.OptionalDouble         * -stream
      java.util.OptionalInt            * -stream
      java.util.OptionalLong           * -stream
      java.util.PriorityQueue          * -<init>(ILjava/util/Comparator;)V
      java.util.Queue                  *
      java.util.Set                    * -stream -parallelStream -spliterator
      java.util.SortedMap              *
      java.util.SortedSet              *
      java.util.StringJoiner           *
      java.util.TreeMap                *
      java.util.TreeSet                *
      java.util.function.*             *
      # java.util.regex is refused: one matches() call can backtrack for exponential time, out of
      # the meter's sight (the JDK's code is not instrumented).
      """;

  /**
   * The only {@code invokedynamic} bootstraps allowed, as {@code owner.name}: lambdas and method
   * references, string concatenation, and the record methods {@code toString}, {@code equals},
   * {@code hashCode}. Every method handle passed to them must itself be allowed.
   */
  static final ImmutableSet<String> INVOKEDYNAMIC_BOOTSTRAPS =
      ImmutableSet.of(
          "java.lang.invoke.LambdaMetafactory.metafactory",
          "java.lang.invoke.LambdaMetafactory.altMetafactory",
          "java.lang.invoke.StringConcatFactory.makeConcatWithConstants",
          "java.lang.invoke.StringConcatFactory.makeConcat",
          "java.lang.runtime.ObjectMethods.bootstrap");

  /** Non-JDK types that runtime and plugin code may name, by binary-name prefix. */
  static final ImmutableSet<String> API_PREFIXES = ImmutableSet.of("io.forkless.api.");

  /** Single non-JDK classes that plugin code may name. */
  static final ImmutableSet<String> API_CLASSES =
      ImmutableSet.of("org.pf4j.ExtensionPoint", "org.pf4j.Extension");

  private static final JdkAllowList INSTANCE = parse(POLICY);

  private final ImmutableMap<String, Rule> byClass;
  private final ImmutableMap<String, Rule> byPackage;

  private JdkAllowList(ImmutableMap<String, Rule> byClass, ImmutableMap<String, Rule> byPackage) {
    this.byClass = byClass;
    this.byPackage = byPackage;
  }

  static JdkAllowList get() {
    return INSTANCE;
  }

  /** Whether code may name the type (binary name, e.g. {@code java.util.Map$Entry}). */
  boolean allowsType(String className) {
    return isApi(className) || rule(className).isPresent();
  }

  /**
   * Whether code may use the member; {@code descriptor} is a method or field descriptor. A member
   * refused on a JDK class is refused on every JDK subtype too, whatever class the bytecode names
   * as the owner ({@code ArrayList.stream()} is {@code Collection.stream()}, {@code
   * ArrayList.wait()} is {@code Object.wait()}).
   */
  boolean allowsMember(String className, String name, String descriptor) {
    return refuser(className, name, descriptor).isEmpty();
  }

  /**
   * The class whose rule refuses the member: {@code className} itself, or the JDK supertype that
   * refuses it; empty when the member is allowed.
   */
  Optional<String> refuser(String className, String name, String descriptor) {
    if (isApi(className)) {
      return Optional.empty();
    }
    if (!rule(className).map(r -> r.allows(name, descriptor)).orElse(false)) {
      return Optional.of(className);
    }
    return JdkSupertypes.of(className).stream()
        .filter(t -> rule(t).map(r -> r.refuses(name, descriptor)).orElse(false))
        .findFirst();
  }

  /** The JDK packages named in the policy, e.g. {@code java.util}. */
  ImmutableSet<String> packages() {
    ImmutableSet.Builder<String> packages = ImmutableSet.builder();
    byClass.keySet().forEach(c -> packages.add(c.substring(0, c.lastIndexOf('.'))));
    packages.addAll(byPackage.keySet());
    return packages.build();
  }

  static boolean isApi(String className) {
    return API_CLASSES.contains(className) || API_PREFIXES.stream().anyMatch(className::startsWith);
  }

  private Optional<Rule> rule(String className) {
    Rule exact = byClass.get(className);
    if (exact != null) {
      return Optional.of(exact);
    }
    int dot = className.lastIndexOf('.');
    return dot < 0
        ? Optional.empty()
        : Optional.ofNullable(byPackage.get(className.substring(0, dot)));
  }

  private static JdkAllowList parse(String policy) {
    ImmutableMap.Builder<String, Rule> byClass = ImmutableMap.builder();
    ImmutableMap.Builder<String, Rule> byPackage = ImmutableMap.builder();
    for (String line : policy.strip().split("\n", -1)) {
      String content = line.replaceFirst("#.*", "").strip();
      if (content.isEmpty()) {
        continue;
      }
      String[] words = content.split("\\s+", -1);
      boolean all = false;
      ImmutableSet.Builder<String> listed = ImmutableSet.builder();
      ImmutableSet.Builder<String> refused = ImmutableSet.builder();
      for (int i = 1; i < words.length; i++) {
        if (words[i].equals("*")) {
          all = true;
        } else if (words[i].startsWith("-")) {
          refused.add(words[i].substring(1));
        } else {
          listed.add(words[i]);
        }
      }
      Rule rule = new Rule(all, listed.build(), refused.build());
      if (words[0].endsWith(".*")) {
        byPackage.put(words[0].substring(0, words[0].length() - 2), rule);
      } else {
        byClass.put(words[0], rule);
      }
    }
    return new JdkAllowList(byClass.buildOrThrow(), byPackage.buildOrThrow());
  }

  /** One policy line: which members of a class are allowed. */
  private record Rule(boolean all, ImmutableSet<String> listed, ImmutableSet<String> refused) {

    boolean refuses(String name, String descriptor) {
      return refused.contains(name) || refused.contains(name + descriptor);
    }

    boolean allows(String name, String descriptor) {
      String signature = name + descriptor;
      if (refused.contains(name) || refused.contains(signature)) {
        return false;
      }
      return all || listed.contains(name) || listed.contains(signature);
    }
  }
}
