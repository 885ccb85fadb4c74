package io.forkless.host.metering;

import static org.objectweb.asm.Opcodes.AASTORE;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ANEWARRAY;
import static org.objectweb.asm.Opcodes.ASTORE;
import static org.objectweb.asm.Opcodes.DUP;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;

import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * {@code Set.of}, {@code Map.of}, {@code Map.ofEntries} and their {@code copyOf}s iterate in an
 * order salted per JVM run (the JDK's {@code ImmutableCollections.SALT}), so two nodes would see
 * different orders. Their call sites are rewritten to {@link JdkCalls} versions that keep the
 * insertion (or source) order and the same checks; fixed-arity calls have their arguments packed
 * into an array first.
 */
final class SaltedCollections {

  private SaltedCollections() {}

  /** Rewrites {@code call} when it is one of the salted factories; true when it did. */
  static boolean rewrite(MethodNode method, MethodInsnNode call) {
    boolean set = call.owner.equals("java/util/Set");
    boolean map = call.owner.equals("java/util/Map");
    if (!set && !map) {
      return false;
    }
    String result = set ? "Ljava/util/Set;" : "Ljava/util/Map;";
    switch (call.name) {
      case "of" -> {
        if (call.desc.equals("([Ljava/lang/Object;)Ljava/util/Set;")) {
          replace(method.instructions, call, "setOf", "([Ljava/lang/Object;)" + result);
        } else {
          pack(method, call, set ? "setOf" : "mapOf", "([Ljava/lang/Object;)" + result);
        }
        return true;
      }
      case "ofEntries" -> {
        replace(method.instructions, call, "mapOfEntries", "([Ljava/util/Map$Entry;)" + result);
        return true;
      }
      case "copyOf" -> {
        replace(
            method.instructions,
            call,
            set ? "setCopyOf" : "mapCopyOf",
            (set ? "(Ljava/util/Collection;)" : "(Ljava/util/Map;)") + result);
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private static void replace(InsnList insns, MethodInsnNode call, String name, String desc) {
    insns.set(
        call, new MethodInsnNode(INVOKESTATIC, DeterminismRewrites.JDK_CALLS, name, desc, false));
  }

  /** {@code [a1..an] -> [Object[]{a1..an}]} via fresh locals, then the hook. */
  private static void pack(MethodNode method, MethodInsnNode call, String name, String desc) {
    int n = Type.getArgumentTypes(call.desc).length;
    int first = method.maxLocals;
    method.maxLocals += n;
    InsnList code = new InsnList();
    for (int i = n - 1; i >= 0; i--) {
      code.add(new VarInsnNode(ASTORE, first + i));
    }
    code.add(new LdcInsnNode(n));
    code.add(new TypeInsnNode(ANEWARRAY, "java/lang/Object"));
    for (int i = 0; i < n; i++) {
      code.add(new InsnNode(DUP));
      code.add(new LdcInsnNode(i));
      code.add(new VarInsnNode(ALOAD, first + i));
      code.add(new InsnNode(AASTORE));
    }
    method.instructions.insertBefore(call, code);
    replace(method.instructions, call, name, desc);
  }
}
