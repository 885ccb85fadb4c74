package io.forkless.host.loader;

import com.google.common.collect.ImmutableSet;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The JDK supertypes of a JDK class (binary names, the class itself excluded), read from the host's
 * own JDK without initialising anything; empty for a class the host cannot load.
 */
final class JdkSupertypes {

  private static final ClassValue<ImmutableSet<String>> CACHE =
      new ClassValue<>() {
        @Override
        protected ImmutableSet<String> computeValue(Class<?> type) {
          Set<String> out = new LinkedHashSet<>();
          Deque<Class<?>> todo = new ArrayDeque<>();
          todo.add(type);
          while (!todo.isEmpty()) {
            Class<?> t = todo.pop();
            if (t != type && !out.add(t.getName())) {
              continue;
            }
            if (t.getSuperclass() != null) {
              todo.add(t.getSuperclass());
            }
            for (Class<?> i : t.getInterfaces()) {
              todo.add(i);
            }
          }
          if (type.isInterface()) {
            out.add(Object.class.getName());
          }
          return ImmutableSet.copyOf(out);
        }
      };

  private JdkSupertypes() {}

  static ImmutableSet<String> of(String className) {
    try {
      return CACHE.get(Class.forName(className, false, JdkSupertypes.class.getClassLoader()));
    } catch (ClassNotFoundException | LinkageError e) {
      return ImmutableSet.of();
    }
  }
}
