package io.forkless.host.metering;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dynamic half of the rule "nothing mutable survives between calls into loaded code" (issue
 * #13; the static half is {@link StaticState}): once every class of a JAR is initialised, each
 * value its static fields hold must be immutable all the way down, so that no transaction can
 * change what a later one sees through a {@code static final} field (a {@code static final List}
 * filled by {@code add()} is no {@code PUTSTATIC}, but it is state).
 *
 * <p>Immutable here means: null, a string, a boxed primitive, a {@link Class}, a JDK enum constant,
 * a {@link java.util.HexFormat} or a JDK {@link java.nio.charset.Charset}; an unmodifiable JDK
 * collection ({@code List.of}, {@code Collections.unmodifiable…}, …) or an {@link Optional} whose
 * elements are immutable; an object of the JAR's own classes, a lambda or a record of the API whose
 * every instance field is final and holds an immutable value; the elements of a static array (which
 * {@link StaticState} makes read-only). Anything else (an {@code ArrayList}, a {@code
 * StringBuilder}, an object with a non-final field, …) refuses the JAR.
 *
 * <p>Run under the load meter: iterating a wrapper around the JAR's own collection class runs its
 * code.
 */
public final class StaticValues {

  /** Objects visited per JAR at most; a bigger static graph is refused rather than walked. */
  static final int MAX_OBJECTS = 100_000;

  private final ClassLoader jarLoader;
  private final Map<Object, Boolean> seen = new IdentityHashMap<>();

  private StaticValues(ClassLoader jarLoader) {
    this.jarLoader = jarLoader;
  }

  /**
   * Every static field of {@code classes} (initialised classes of the JAR loaded by {@code
   * jarLoader}) holding a mutable value, as {@code class.field -> why}.
   */
  public static List<String> violations(ClassLoader jarLoader, Collection<Class<?>> classes) {
    StaticValues check = new StaticValues(jarLoader);
    List<String> out = new ArrayList<>();
    for (Class<?> c : classes) {
      for (Field f : c.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
          continue;
        }
        Object value;
        try {
          f.setAccessible(true);
          value = f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
          out.add(c.getName() + "." + f.getName() + " -> cannot be read: " + e);
          continue;
        }
        Optional<String> why =
            f.getType().isArray() ? check.arrayElements(value) : check.mutability(value);
        why.ifPresent(
            w ->
                out.add(
                    c.getName()
                        + "."
                        + f.getName()
                        + " -> holds "
                        + w
                        + ": state reachable from static fields survives between transactions"
                        + " and makes restarted nodes diverge (keep state in State; static"
                        + " fields may hold only immutable values)"));
      }
    }
    return out;
  }

  private Optional<String> arrayElements(Object array) {
    if (array == null || array.getClass().getComponentType().isPrimitive()) {
      return Optional.empty();
    }
    for (int i = 0; i < Array.getLength(array); i++) {
      Optional<String> why = mutability(Array.get(array, i));
      if (why.isPresent()) {
        return why;
      }
    }
    return Optional.empty();
  }

  /** Why {@code value} is mutable, or empty when it is immutable all the way down. */
  private Optional<String> mutability(Object value) {
    if (value == null || isPlainValue(value)) {
      return Optional.empty();
    }
    if (seen.put(value, Boolean.TRUE) != null) {
      return Optional.empty();
    }
    if (seen.size() > MAX_OBJECTS) {
      return Optional.of("more than " + MAX_OBJECTS + " objects (too many to check)");
    }
    Class<?> type = value.getClass();
    if (type.isArray()) {
      return Optional.of("an array (" + type.getSimpleName() + ") inside another value");
    }
    if (isUnmodifiableJdkCollection(type)) {
      Iterable<?> elements =
          value instanceof Map<?, ?> map ? mapElements(map) : (Iterable<?>) value;
      for (Object e : elements) {
        Optional<String> why = mutability(e);
        if (why.isPresent()) {
          return why;
        }
      }
      return Optional.empty();
    }
    if (value instanceof Optional<?> optional) {
      return optional.isPresent() ? mutability(optional.get()) : Optional.empty();
    }
    if (type.getClassLoader() == jarLoader
        || type.isHidden()
        || type.getName().startsWith("io.forkless.api.")) {
      return fields(value, type);
    }
    return Optional.of("a mutable " + type.getName());
  }

  /** Every instance field of {@code value}, up to the first class that is not the JAR's own. */
  private Optional<String> fields(Object value, Class<?> type) {
    for (Class<?> c = type; c != null && isCheckedClass(c); c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        if (!Modifier.isFinal(f.getModifiers())) {
          return Optional.of(
              "a " + type.getName() + " whose field " + f.getName() + " is not final");
        }
        if (f.getType().isPrimitive()) {
          continue;
        }
        try {
          f.setAccessible(true);
          Optional<String> why = mutability(f.get(value));
          if (why.isPresent()) {
            return why;
          }
        } catch (ReflectiveOperationException | RuntimeException e) {
          return Optional.of("a " + type.getName() + " whose field " + f.getName() + " is hidden");
        }
      }
    }
    Class<?> top = type;
    while (top.getSuperclass() != null && isCheckedClass(top.getSuperclass())) {
      top = top.getSuperclass();
    }
    Class<?> base = top.getSuperclass();
    if (base != null && base != Object.class && base != Enum.class && base != Record.class) {
      return Optional.of("a " + type.getName() + " extending " + base.getName());
    }
    return Optional.empty();
  }

  private boolean isCheckedClass(Class<?> c) {
    return c.getClassLoader() == jarLoader
        || c.isHidden()
        || c.getName().startsWith("io.forkless.api.");
  }

  private static boolean isPlainValue(Object value) {
    return value instanceof String
        || value instanceof Number && value.getClass().getName().startsWith("java.lang.")
        || value instanceof Boolean
        || value instanceof Character
        || value instanceof Class<?>
        || value instanceof Enum<?> e && e.getDeclaringClass().getClassLoader() == null
        // Immutable JDK values the allow-list lets runtimes use (no method changes them).
        || value instanceof java.util.HexFormat
        || value instanceof java.nio.charset.Charset c && c.getClass().getClassLoader() == null;
  }

  private static boolean isUnmodifiableJdkCollection(Class<?> type) {
    String name = type.getName();
    return (type.getClassLoader() == null)
        && (name.startsWith("java.util.ImmutableCollections$")
            || name.startsWith("java.util.Collections$Unmodifiable")
            || name.startsWith("java.util.Collections$Empty")
            || name.startsWith("java.util.Collections$Singleton"));
  }

  private static Iterable<?> mapElements(Map<?, ?> map) {
    List<Object> out = new ArrayList<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      out.add(e.getKey());
      out.add(e.getValue());
    }
    return out;
  }
}
