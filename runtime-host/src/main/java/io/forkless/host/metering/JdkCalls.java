package io.forkless.host.metering;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

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

  /** {@code o.hashCode()}, deterministic for classes that keep the identity hash. */
  public static int hashCode(Object o) {
    if (IDENTITY_HASH.get(o.getClass())) {
      return Meter.required().identityHash(o);
    }
    return o.hashCode();
  }

  /** {@code super.hashCode()} reaching {@link Object#hashCode}: the deterministic identity hash. */
  public static int identityHash(Object o) {
    return Meter.required().identityHash(o);
  }

  /** {@code o.toString()}, deterministic for classes that keep {@link Object#toString}. */
  public static String toString(Object o) {
    if (IDENTITY_TO_STRING.get(o.getClass())) {
      return defaultToString(o);
    }
    String s = o.toString();
    chargeResult(s);
    return s;
  }

  /** {@link Object#toString}'s format with the deterministic hash. */
  public static String defaultToString(Object o) {
    String name = o.getClass().getName();
    // Lambdas and other hidden classes carry an address in their name: keep the stable part.
    int slash = name.indexOf('/');
    if (slash >= 0) {
      name = name.substring(0, slash);
    }
    return name + "@" + Integer.toHexString(hashCode(o));
  }

  /** {@code String.valueOf(Object)} and {@code Objects.toString(Object)}. */
  public static String valueOf(Object o) {
    return o == null ? "null" : toString(o);
  }

  /** {@code Objects.toString(Object, String)}. */
  public static String valueOf(Object o, String nullDefault) {
    return o == null ? nullDefault : toString(o);
  }

  /** {@code Objects.hashCode(Object)}. */
  public static int nullableHashCode(Object o) {
    return o == null ? 0 : hashCode(o);
  }

  /** {@code Objects.hash(Object...)} and {@code Arrays.hashCode(Object[])}. */
  public static int hashAll(Object[] values) {
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
  public static StringBuilder append(StringBuilder sb, Object o) {
    return appendCharged(sb, valueOf(o));
  }

  /** {@code StringBuilder.append(String)}: charged by the appended length. */
  public static StringBuilder append(StringBuilder sb, String s) {
    return appendCharged(sb, s);
  }

  /** {@code StringBuilder.append(CharSequence)}: charged by the appended length. */
  public static StringBuilder append(StringBuilder sb, CharSequence s) {
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

  /** {@code Collections.nCopies}: charged as if the copies were made (they are, once copied). */
  public static <T> List<T> nCopies(int n, T value) {
    if (n > 0) {
      Meter.required().allocate(16L + 8L * n);
    }
    return Collections.nCopies(n, value);
  }

  /** Charges a JDK call's result by its size (strings, arrays). */
  static void chargeResult(Object result) {
    if (result != null) {
      Meter.required().chargeSize(result);
    }
  }

  private static StringBuilder appendCharged(StringBuilder sb, String s) {
    if (s != null) {
      Meter.required().chargeSize(s);
    }
    return sb.append(s);
  }

  /** What a value occupies, roughly: what copying or creating it costs. 0 when unknown. */
  static long sizeInBytes(Object value) {
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
