package io.forkless.host.metering;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;

/**
 * Super classes of the JAR's own classes (from their class files) and of JDK classes (from the
 * host's loader, without initialising them): what ASM needs to compute stack map frames, and what
 * the rewrites need to know whether a class keeps {@link Object#hashCode}.
 */
final class ClassHierarchy {

  private static final String OBJECT = "java/lang/Object";

  private final Map<String, ClassNode> own;

  ClassHierarchy(Map<String, ClassNode> own) {
    this.own = own;
  }

  boolean isOwn(String internalName) {
    return own.containsKey(internalName);
  }

  Optional<ClassNode> ownClass(String internalName) {
    return Optional.ofNullable(own.get(internalName));
  }

  /** The super class, or empty for {@code java/lang/Object}, interfaces' being Object. */
  Optional<String> superName(String internalName) {
    ClassNode node = own.get(internalName);
    if (node != null) {
      return Optional.ofNullable(node.superName);
    }
    return jdk(internalName).map(Class::getSuperclass).map(c -> c.getName().replace('.', '/'));
  }

  boolean isInterface(String internalName) {
    ClassNode node = own.get(internalName);
    if (node != null) {
      return (node.access & Opcodes.ACC_INTERFACE) != 0;
    }
    return jdk(internalName).map(Class::isInterface).orElse(false);
  }

  /** The nearest class that is not one of the JAR's own, walking up from {@code internalName}. */
  String firstJdkAncestor(String internalName) {
    String current = internalName;
    while (own.containsKey(current)) {
      String parent = own.get(current).superName;
      if (parent == null) {
        return OBJECT;
      }
      current = parent;
    }
    return current;
  }

  /** The common super class of two classes, as {@code ClassWriter.getCommonSuperClass} wants. */
  String commonSuperClass(String a, String b) {
    if (isInterface(a) || isInterface(b)) {
      return OBJECT;
    }
    List<String> chainOfA = new ArrayList<>();
    for (String t = a; t != null; t = superName(t).orElse(null)) {
      chainOfA.add(t);
    }
    for (String t = b; t != null; t = superName(t).orElse(null)) {
      if (chainOfA.contains(t)) {
        return t;
      }
    }
    return OBJECT;
  }

  private static Optional<Class<?>> jdk(String internalName) {
    try {
      return Optional.of(
          Class.forName(
              internalName.replace('/', '.'), false, ClassHierarchy.class.getClassLoader()));
    } catch (ClassNotFoundException | LinkageError e) {
      return Optional.empty();
    }
  }
}
