package io.forkless.host.metering;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Deterministic replacements for JDK calls whose result can differ between JVM runs, and
 * size-charging versions of JDK calls that allocate by an argument. The instrumentation rewrites
 * call sites in loaded code to these static methods (same arguments, receiver first); runtime
 * bytecode cannot name this class itself.
 *
 * <p>Identity: an object whose class keeps {@link Object#hashCode} (or {@link Enum}'s, which is the
 * same) gets a hash from the execution's meter, 1, 2, 3... in the order objects are first hashed,
 * as Aion AVM did; its default {@code toString} uses that hash. Every node computes the same
 * values, whatever the JVM's own identity hashes are.
 */
public final class JdkCalls {

  private static final ClassValue<Boolean> IDENTITY_HASH =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          return keepsIdentity(type, "hashCode");
        }
      };

  private static final ClassValue<Boolean> IDENTITY_TO_STRING =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          return keepsIdentity(type, "toString");
        }
      };

  private JdkCalls() {}

  /**
   * Whether the class's {@code hashCode} and {@code toString} are the JDK's own (not loaded
   * code's).
   */
  private static final ClassValue<Boolean> JDK_METHODS =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          try {
            return type.getMethod("hashCode").getDeclaringClass().getClassLoader() == null
                && type.getMethod("toString").getDeclaringClass().getClassLoader() == null;
          } catch (NoSuchMethodException e) {
            throw new IllegalStateException("every class has hashCode() and toString()", e);
          }
        }
      };

  /**
   * {@code o.hashCode()}, deterministic for classes that keep the identity hash. The JDK's
   * collections combine their elements' hashes inside the JDK, out of reach of call-site rewrites,
   * so their hashes are computed here by the formulas their interfaces specify, from the elements'
   * deterministic hashes.
   */
  public static int hashCode(Object o) {
    if (IDENTITY_HASH.get(o.getClass())) {
      return Meter.required().identityHash(o);
    }
    if (JDK_METHODS.get(o.getClass())) {
      if (o instanceof List<?> list) {
        int h = 1;
        for (Object e : list) {
          h = 31 * h + nullableHashCode(e);
        }
        return h;
      }
      if (o instanceof Set<?> set) {
        int h = 0;
        for (Object e : set) {
          h += nullableHashCode(e);
        }
        return h;
      }
      if (o instanceof Map<?, ?> map) {
        int h = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
          h += entryHash(e);
        }
        return h;
      }
      if (o instanceof Map.Entry<?, ?> e) {
        return entryHash(e);
      }
      if (o instanceof Optional<?> optional) {
        return nullableHashCode(optional.orElse(null));
      }
    }
    return o.hashCode();
  }

  private static int entryHash(Map.Entry<?, ?> e) {
    Meter.required().charge(CostTable.CALL);
    return nullableHashCode(e.getKey()) ^ nullableHashCode(e.getValue());
  }

  /** The JDK's collection {@code toString} formats, elements through {@link #valueOf}. */
  private static @Nullable String collectionToString(Object o) {
    StringBuilder out = new StringBuilder();
    if (o instanceof Collection<?> c) {
      out.append('[');
      String sep = "";
      for (Object e : c) {
        out.append(sep).append(e == c ? "(this Collection)" : valueOf(e));
        sep = ", ";
      }
      out.append(']');
    } else if (o instanceof Map<?, ?> m) {
      out.append('{');
      String sep = "";
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.append(sep);
        out.append(e.getKey() == m ? "(this Map)" : valueOf(e.getKey())).append('=');
        out.append(e.getValue() == m ? "(this Map)" : valueOf(e.getValue()));
        sep = ", ";
      }
      out.append('}');
    } else if (o instanceof Map.Entry<?, ?> e) {
      out.append(valueOf(e.getKey())).append('=').append(valueOf(e.getValue()));
    } else if (o instanceof Optional<?> optional) {
      return optional.isPresent() ? "Optional[" + valueOf(optional.get()) + "]" : "Optional.empty";
    } else {
      return null;
    }
    String text = out.toString();
    chargeResult(text);
    return text;
  }

  /** {@code Arrays.toString(Object[])}. */
  public static String arrayToString(@Nullable Object @Nullable [] values) {
    if (values == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      out.append(i == 0 ? "" : ", ").append(valueOf(values[i]));
    }
    String text = out.append(']').toString();
    chargeResult(text);
    return text;
  }

  /** {@code super.hashCode()} reaching {@link Object#hashCode}: the deterministic identity hash. */
  public static int identityHash(Object o) {
    return Meter.required().identityHash(o);
  }

  /** {@code o.toString()}, deterministic for classes that keep {@link Object#toString}. */
  public static String toString(Object o) {
    if (o instanceof Class<?> type) {
      return (type.isInterface() ? "interface " : type.isPrimitive() ? "" : "class ")
          + className(type);
    }
    if (IDENTITY_TO_STRING.get(o.getClass())) {
      return defaultToString(o);
    }
    if (JDK_METHODS.get(o.getClass())) {
      String formatted = collectionToString(o);
      if (formatted != null) {
        return formatted;
      }
    }
    String s = o.toString();
    chargeResult(s);
    return s;
  }

  /** {@link Object#toString}'s format with the deterministic hash. */
  public static String defaultToString(Object o) {
    return className(o.getClass()) + "@" + Integer.toHexString(hashCode(o));
  }

  /**
   * {@code Class.getName()}. Lambdas are hidden classes whose names carry a JVM-wide counter and an
   * address ({@code Foo$$Lambda$14/0x0000000800c0b000}): only the stable part is kept.
   */
  public static String className(Class<?> type) {
    String name = type.getName();
    if (!type.isHidden()) {
      return name;
    }
    int lambda = name.indexOf("$$Lambda");
    if (lambda >= 0) {
      return name.substring(0, lambda) + "$$Lambda";
    }
    int slash = name.indexOf('/');
    return slash >= 0 ? name.substring(0, slash) : name;
  }

  /** {@code Class.getSimpleName()}, with the same care for hidden classes. */
  public static String simpleName(Class<?> type) {
    if (!type.isHidden()) {
      return type.getSimpleName();
    }
    String name = className(type);
    return name.substring(name.lastIndexOf('.') + 1);
  }

  /** {@code String.valueOf(Object)} and {@code Objects.toString(Object)}. */
  public static String valueOf(@Nullable Object o) {
    return o == null ? "null" : toString(o);
  }

  /** {@code Objects.toString(Object, String)}. */
  public static String valueOf(@Nullable Object o, String nullDefault) {
    return o == null ? nullDefault : toString(o);
  }

  /** {@code Objects.hashCode(Object)}. */
  public static int nullableHashCode(@Nullable Object o) {
    return o == null ? 0 : hashCode(o);
  }

  /** {@code Objects.hash(Object...)} and {@code Arrays.hashCode(Object[])}. */
  public static int hashAll(@Nullable Object @Nullable [] values) {
    if (values == null) {
      return 0;
    }
    int result = 1;
    for (Object v : values) {
      result = 31 * result + nullableHashCode(v);
    }
    return result;
  }

  /** {@code StringBuilder.append(Object)}. */
  public static StringBuilder append(StringBuilder sb, @Nullable Object o) {
    return appendCharged(sb, valueOf(o));
  }

  /** {@code StringBuilder.append(String)}: charged by the appended length. */
  public static StringBuilder append(StringBuilder sb, @Nullable String s) {
    return appendCharged(sb, s);
  }

  /** {@code StringBuilder.append(CharSequence)}: charged by the appended length. */
  public static StringBuilder append(StringBuilder sb, @Nullable CharSequence s) {
    Meter.required().chargeSize(s);
    return sb.append(s);
  }

  /** {@code String.repeat(int)}: charged by the result's length before it is built. */
  public static String repeat(String s, int count) {
    if (count > 0) {
      Meter.required().allocate(2L * s.length() * count);
    }
    return s.repeat(count);
  }

  /** {@code String.split(delimiter)}: see {@link #split(String, String, int)}. */
  public static String[] split(String s, String delimiter) {
    return split(s, delimiter, 0);
  }

  /**
   * {@code String.split(delimiter, limit)} for the JDK's regex-free fast path only: a delimiter of
   * one character that is not a regex metacharacter, or a backslash and one non-alphanumeric
   * character. Anything else would run the regex engine, whose time is unbounded.
   *
   * @throws IllegalArgumentException for any other delimiter
   */
  public static String[] split(String s, String delimiter, int limit) {
    boolean literal =
        (delimiter.length() == 1 && ".$|()[{^?*+\\".indexOf(delimiter.charAt(0)) < 0)
            || (delimiter.length() == 2
                && delimiter.charAt(0) == '\\'
                && !Character.isLetterOrDigit(delimiter.charAt(1)));
    if (!literal) {
      throw new IllegalArgumentException(
          "split needs a one-character delimiter; \""
              + delimiter
              + "\" is a regex, and regexes are refused (their running time is unbounded)");
    }
    Meter.required().charge(s.length() / CostTable.BYTES_PER_STEP);
    String[] parts = s.split(delimiter, limit);
    chargeResult(parts);
    return parts;
  }

  /** {@code Collections.nCopies}: charged as if the copies were made (they are, once copied). */
  public static <T> List<T> nCopies(int n, T value) {
    if (n > 0) {
      Meter.required().allocate(16L + 8L * n);
    }
    return Collections.nCopies(n, value);
  }

  /** {@code Set.of(...)}: insertion order, nulls and duplicates refused as the JDK does. */
  public static Set<Object> setOf(Object[] elements) {
    Set<Object> out = new LinkedHashSet<>();
    for (Object e : elements) {
      if (!out.add(Objects.requireNonNull(e))) {
        throw new IllegalArgumentException("duplicate element: " + valueOf(e));
      }
    }
    return Collections.unmodifiableSet(out);
  }

  /** {@code Map.of(k1, v1, ...)}: insertion order, nulls and duplicate keys refused. */
  public static Map<Object, Object> mapOf(Object[] keysAndValues) {
    Map<Object, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      Object key = Objects.requireNonNull(keysAndValues[i]);
      if (out.put(key, Objects.requireNonNull(keysAndValues[i + 1])) != null) {
        throw new IllegalArgumentException("duplicate key: " + valueOf(key));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** {@code Map.ofEntries(...)}. */
  public static Map<Object, Object> mapOfEntries(Map.Entry<?, ?>[] entries) {
    Object[] flat = new Object[entries.length * 2];
    for (int i = 0; i < entries.length; i++) {
      flat[2 * i] = entries[i].getKey();
      flat[2 * i + 1] = entries[i].getValue();
    }
    return mapOf(flat);
  }

  /** {@code Set.copyOf(c)}: the source's order, duplicates dropped, nulls refused. */
  public static Set<Object> setCopyOf(Collection<?> source) {
    Meter.required().chargeSize(source);
    Set<Object> out = new LinkedHashSet<>();
    for (Object e : source) {
      out.add(Objects.requireNonNull(e));
    }
    return Collections.unmodifiableSet(out);
  }

  /** {@code Map.copyOf(m)}: the source's order, nulls refused. */
  public static Map<Object, Object> mapCopyOf(Map<?, ?> source) {
    Meter.required().chargeSize(source);
    Map<Object, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : source.entrySet()) {
      out.put(Objects.requireNonNull(e.getKey()), Objects.requireNonNull(e.getValue()));
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * A record's {@code hashCode()}: its components' deterministic hashes, combined as the JDK does.
   */
  public static int recordHashCode(Object record) {
    int result = 0;
    for (Object value : components(record)) {
      result = 31 * result + nullableHashCode(value);
    }
    return result;
  }

  /** A record's {@code toString()}: {@code Name[a=1, b=x]}, components through {@link #valueOf}. */
  public static String recordToString(Object record) {
    RecordComponent[] components = record.getClass().getRecordComponents();
    Object[] values = components(record);
    StringBuilder out = new StringBuilder(simpleName(record.getClass())).append('[');
    for (int i = 0; i < components.length; i++) {
      out.append(i == 0 ? "" : ", ").append(components[i].getName()).append('=');
      out.append(valueOf(values[i]));
    }
    String text = out.append(']').toString();
    chargeResult(text);
    return text;
  }

  /** The record's component fields, read directly (as the JDK's record methods do). */
  private static Object[] components(Object record) {
    RecordComponent[] components = record.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        Field field = record.getClass().getDeclaredField(components[i].getName());
        field.setAccessible(true);
        values[i] = field.get(record);
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("record " + record.getClass().getName() + " is malformed", e);
    }
    Meter.required().charge((long) CostTable.CALL * (components.length + 1));
    return values;
  }

  /** Charges a JDK call's result by its size (strings, arrays). */
  static void chargeResult(@Nullable Object result) {
    if (result != null) {
      Meter.required().chargeSize(result);
    }
  }

  private static StringBuilder appendCharged(StringBuilder sb, @Nullable String s) {
    if (s != null) {
      Meter.required().chargeSize(s);
    }
    return sb.append(s);
  }

  /** What a value occupies, roughly: what copying or creating it costs. 0 when unknown. */
  static long sizeInBytes(@Nullable Object value) {
    // The common cases first (keys, values, strings): exact class checks, no reflection.
    if (value instanceof String s) {
      return 16L + 2L * s.length();
    }
    if (value instanceof byte[] b) {
      return 16L + b.length;
    }
    if (value instanceof CharSequence s) {
      return 16L + 2L * s.length();
    }
    if (value instanceof Collection<?> c) {
      return Meter.referenceBytes(c);
    }
    if (value instanceof Map<?, ?> m) {
      return 16L + 32L * m.size();
    }
    if (value != null && value.getClass().isArray()) {
      int length = Array.getLength(value);
      Class<?> component = value.getClass().getComponentType();
      int unit =
          component == byte.class || component == boolean.class
              ? 1
              : component == char.class || component == short.class
                  ? 2
                  : component == int.class || component == float.class ? 4 : 8;
      return 16L + (long) length * unit;
    }
    return 0;
  }

  /** Whether {@code type}'s public {@code name()} method is still {@link Object}'s or Enum's. */
  private static boolean keepsIdentity(Class<?> type, String name) {
    try {
      Class<?> declaring = type.getMethod(name).getDeclaringClass();
      return declaring == Object.class || declaring == Enum.class && name.equals("hashCode");
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("every class has " + name + "()", e);
    }
  }
}
