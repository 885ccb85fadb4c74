package io.forkless.host.metering;

import static org.objectweb.asm.Opcodes.ACC_STATIC;
import static org.objectweb.asm.Opcodes.GETSTATIC;
import static org.objectweb.asm.Opcodes.PUTSTATIC;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;

/**
 * The static half of the rule "nothing mutable survives between calls into loaded code" (issue
 * #13): state kept in static fields would survive from one transaction to the next, so a node
 * restarted mid-chain (fresh statics) would compute other results than one that ran all along. The
 * bytecode of a JAR's own classes is refused when:
 *
 * <ul>
 *   <li>a {@code PUTSTATIC} writes a static field anywhere but in the static initializer of the
 *       class declaring it;
 *   <li>a static field holds a multi-dimensional array;
 *   <li>a static array field is used, outside its class's static initializer, other than by reading
 *       an element, its length or a {@code clone()}: written into, passed to a method or lambda,
 *       stored in a field or an array, or returned ({@link StaticArrayUse}).
 * </ul>
 *
 * <p>The values static fields hold after initialisation are checked by {@link StaticValues}; the
 * runtime object itself is created anew for every call ({@link MeteredRuntime}).
 *
 * <p>Stateless and thread-safe.
 */
public final class StaticState {

  private StaticState() {}

  /**
   * Every violation in {@code classes} (the JAR's own classes by internal name), in the verifier's
   * words: {@code class.method(descriptor) -> what it does}.
   */
  public static List<String> violations(Map<String, ClassNode> classes) {
    Set<String> out = new LinkedHashSet<>();
    Set<String> staticArrays = new HashSet<>();
    for (ClassNode c : classes.values()) {
      for (FieldNode f : c.fields) {
        if ((f.access & ACC_STATIC) == 0 || !f.desc.startsWith("[")) {
          continue;
        }
        if (f.desc.startsWith("[[")) {
          out.add(
              dotted(c.name)
                  + "."
                  + f.name
                  + " -> a static field holds a multi-dimensional array, whose rows any code"
                  + " could change: state in static fields survives between transactions and"
                  + " makes restarted nodes diverge (keep state in State)");
        } else {
          staticArrays.add(c.name + "." + f.name);
        }
      }
    }
    for (ClassNode c : classes.values()) {
      for (MethodNode m : c.methods) {
        boolean usesStaticArray = false;
        for (AbstractInsnNode insn : m.instructions) {
          if (!(insn instanceof FieldInsnNode field)) {
            continue;
          }
          Optional<String> declaring = declaringClass(classes, field.owner, field.name, field.desc);
          boolean inOwnInitializer =
              m.name.equals("<clinit>") && declaring.isPresent() && declaring.get().equals(c.name);
          if (insn.getOpcode() == PUTSTATIC && !inOwnInitializer) {
            out.add(
                where(c, m)
                    + " -> writes static field "
                    + dotted(field.owner)
                    + "."
                    + field.name
                    + " outside its class's static initializer: state in static fields"
                    + " survives between transactions and makes restarted nodes diverge (keep"
                    + " state in State; static fields may only be set once, in <clinit>)");
          }
          if (insn.getOpcode() == GETSTATIC
              && !inOwnInitializer
              && declaring.isPresent()
              && staticArrays.contains(declaring.get() + "." + field.name)) {
            usesStaticArray = true;
          }
        }
        if (usesStaticArray) {
          analyse(classes, staticArrays, c, m, out);
        }
      }
    }
    return List.copyOf(out);
  }

  private static void analyse(
      Map<String, ClassNode> classes,
      Set<String> staticArrays,
      ClassNode c,
      MethodNode m,
      Set<String> out) {
    List<String> found = new ArrayList<>();
    StaticArrayUse.StaticArrays known =
        new StaticArrayUse.StaticArrays() {
          @Override
          public boolean isGuarded(String owner, String name, String desc) {
            return declaringClass(classes, owner, name, desc)
                .filter(d -> staticArrays.contains(d + "." + name))
                .isPresent();
          }

          @Override
          public boolean isHostFunction(String owner) {
            return HOST_FUNCTIONS.contains(owner) && !implementedByOwnClass(classes, owner);
          }
        };
    StaticArrayUse use = new StaticArrayUse(known, what -> found.add(where(c, m) + " -> " + what));
    try {
      new Analyzer<>(use).analyze(c.name, m);
    } catch (AnalyzerException e) {
      found.add(where(c, m) + " -> its bytecode cannot be analysed: " + e.getMessage());
    }
    out.addAll(found);
  }

  /** API interfaces the host implements; state functions copy the arrays they keep. */
  private static final Set<String> HOST_FUNCTIONS =
      Set.of(
          "io/forkless/api/State",
          "io/forkless/api/StateView",
          "io/forkless/api/MigrationContext",
          "io/forkless/api/HostFunctions");

  /** Whether one of the JAR's classes implements {@code type} (so a call may reach its code). */
  private static boolean implementedByOwnClass(Map<String, ClassNode> classes, String type) {
    for (ClassNode c : classes.values()) {
      Set<String> seen = new HashSet<>();
      List<String> todo = new ArrayList<>(c.interfaces);
      if (c.superName != null) {
        todo.add(c.superName);
      }
      while (!todo.isEmpty()) {
        String t = todo.remove(0);
        if (t.equals(type)) {
          return true;
        }
        ClassNode own = classes.get(t);
        if (own != null && seen.add(t)) {
          todo.addAll(own.interfaces);
          if (own.superName != null) {
            todo.add(own.superName);
          }
        }
      }
    }
    return false;
  }

  /** The own class declaring static field {@code name} as seen from {@code owner}, if own. */
  static Optional<String> declaringClass(
      Map<String, ClassNode> classes, String owner, String name, String desc) {
    Set<String> seen = new HashSet<>();
    List<String> todo = new ArrayList<>(List.of(owner));
    while (!todo.isEmpty()) {
      String current = todo.remove(0);
      ClassNode node = classes.get(current);
      if (node == null || !seen.add(current)) {
        continue;
      }
      for (FieldNode f : node.fields) {
        if (f.name.equals(name) && f.desc.equals(desc)) {
          return Optional.of(current);
        }
      }
      todo.addAll(node.interfaces);
      if (node.superName != null) {
        todo.add(node.superName);
      }
    }
    return Optional.empty();
  }

  private static String where(ClassNode c, MethodNode m) {
    return dotted(c.name) + "." + m.name + m.desc;
  }

  private static String dotted(String internalName) {
    return internalName.replace('/', '.');
  }
}
