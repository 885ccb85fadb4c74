package io.forkless.host.metering;

import static org.objectweb.asm.Opcodes.INVOKESTATIC;

import org.objectweb.asm.Type;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * String concatenation ({@code "a" + obj}) calls {@code String.valueOf(obj)} inside the JDK, out of
 * reach of call-site rewrites; so every object argument of a concatenation is turned into a String
 * through {@link JdkCalls#valueOf(Object)} first, and the call site's descriptor says String.
 */
final class StringConcat {

  private static final Type STRING = Type.getType(String.class);

  private StringConcat() {}

  static void stringifyArguments(MethodNode method, InvokeDynamicInsnNode indy) {
    Type[] args = Type.getArgumentTypes(indy.desc);
    boolean needed = false;
    for (Type t : args) {
      needed |= isConvertible(t);
    }
    if (!needed) {
      return;
    }
    // Spill the arguments into fresh locals (last on the stack first), then reload them in order,
    // converting the objects.
    int[] slots = new int[args.length];
    int next = method.maxLocals;
    for (int i = 0; i < args.length; i++) {
      slots[i] = next;
      next += args[i].getSize();
    }
    method.maxLocals = next;
    InsnList code = new InsnList();
    for (int i = args.length - 1; i >= 0; i--) {
      code.add(new VarInsnNode(args[i].getOpcode(org.objectweb.asm.Opcodes.ISTORE), slots[i]));
    }
    Type[] converted = new Type[args.length];
    for (int i = 0; i < args.length; i++) {
      code.add(new VarInsnNode(args[i].getOpcode(org.objectweb.asm.Opcodes.ILOAD), slots[i]));
      if (isConvertible(args[i])) {
        code.add(
            new MethodInsnNode(
                INVOKESTATIC,
                DeterminismRewrites.JDK_CALLS,
                "valueOf",
                "(Ljava/lang/Object;)Ljava/lang/String;",
                false));
        converted[i] = STRING;
      } else {
        converted[i] = args[i];
      }
    }
    method.instructions.insertBefore(indy, code);
    indy.desc = Type.getMethodDescriptor(Type.getReturnType(indy.desc), converted);
  }

  private static boolean isConvertible(Type t) {
    return (t.getSort() == Type.OBJECT && !t.equals(STRING)) || t.getSort() == Type.ARRAY;
  }
}
