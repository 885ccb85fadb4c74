package io.forkless.host.metering;

import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ARETURN;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.IRETURN;
import static org.objectweb.asm.Opcodes.NEW;

import com.google.common.collect.ImmutableMap;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Determinism by transformation (Aion AVM's approach, within the JDK we share): rewrites loaded
 * code so that nothing that differs between JVM runs reaches state or a receipt.
 *
 * <ul>
 *   <li>Identity: {@code hashCode()}/{@code toString()} calls, {@code Objects.hash*}, {@code
 *       Arrays.hashCode(Object[])}, {@code String.valueOf(Object)} and string concatenation of
 *       objects go through {@link JdkCalls}, which gives objects that keep the identity hash a
 *       per-execution counter instead; the JAR's own classes that inherit {@link Object#hashCode}
 *       or {@link Object#toString} get overrides that do the same, so JDK code calling them sees
 *       deterministic values too.
 *   <li>Order: {@code HashMap} and {@code HashSet} become {@code LinkedHashMap} and {@code
 *       LinkedHashSet} (same API, subclasses of the originals), so iteration order is insertion
 *       order whatever the keys' hashes are.
 *   <li>Floating point: {@code Math} calls become {@code StrictMath} calls, whose results are
 *       specified bit for bit; arithmetic is strict in Java 17 anyway (JEP 306).
 * </ul>
 *
 * Sets and maps whose order is salted per JVM run ({@code Set.of}, {@code Map.of}, ...) cannot be
 * fixed by a rewrite of the call and are refused by the allow-list instead.
 */
final class DeterminismRewrites {

  static final String JDK_CALLS = Type.getInternalName(JdkCalls.class);
  private static final String OBJECT = "java/lang/Object";
  private static final String STRING_BUILDER = "java/lang/StringBuilder";

  /** Order-deterministic replacements, same API and a subclass of the original. */
  static final ImmutableMap<String, String> ORDERED =
      ImmutableMap.of(
          "java/util/HashMap", "java/util/LinkedHashMap",
          "java/util/HashSet", "java/util/LinkedHashSet");

  /** Static replacements: {@code owner.name+desc} → JdkCalls method and its descriptor. */
  private static final ImmutableMap<String, String[]> STATIC_CALLS =
      ImmutableMap.<String, String[]>builder()
          .put(
              "java/util/Objects.hashCode(Ljava/lang/Object;)I",
              hook("nullableHashCode", "(Ljava/lang/Object;)I"))
          .put(
              "java/util/Objects.hash([Ljava/lang/Object;)I",
              hook("hashAll", "([Ljava/lang/Object;)I"))
          .put(
              "java/util/Arrays.hashCode([Ljava/lang/Object;)I",
              hook("hashAll", "([Ljava/lang/Object;)I"))
          .put(
              "java/util/Objects.toString(Ljava/lang/Object;)Ljava/lang/String;",
              hook("valueOf", "(Ljava/lang/Object;)Ljava/lang/String;"))
          .put(
              "java/util/Objects.toString(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/String;",
              hook("valueOf", "(Ljava/lang/Object;Ljava/lang/String;)Ljava/lang/String;"))
          .put(
              "java/lang/String.valueOf(Ljava/lang/Object;)Ljava/lang/String;",
              hook("valueOf", "(Ljava/lang/Object;)Ljava/lang/String;"))
          .put(
              "java/util/Collections.nCopies(ILjava/lang/Object;)Ljava/util/List;",
              hook("nCopies", "(ILjava/lang/Object;)Ljava/util/List;"))
          .put(
              "java/util/Arrays.toString([Ljava/lang/Object;)Ljava/lang/String;",
              hook("arrayToString", "([Ljava/lang/Object;)Ljava/lang/String;"))
          .buildOrThrow();

  /** Virtual calls replaced by a static hook taking the receiver first. */
  private static final ImmutableMap<String, String[]> VIRTUAL_CALLS =
      ImmutableMap.<String, String[]>builder()
          .put(
              STRING_BUILDER + ".append(Ljava/lang/Object;)Ljava/lang/StringBuilder;",
              hook(
                  "append",
                  "(Ljava/lang/StringBuilder;Ljava/lang/Object;)Ljava/lang/StringBuilder;"))
          .put(
              STRING_BUILDER + ".append(Ljava/lang/String;)Ljava/lang/StringBuilder;",
              hook(
                  "append",
                  "(Ljava/lang/StringBuilder;Ljava/lang/String;)Ljava/lang/StringBuilder;"))
          .put(
              STRING_BUILDER + ".append(Ljava/lang/CharSequence;)Ljava/lang/StringBuilder;",
              hook(
                  "append",
                  "(Ljava/lang/StringBuilder;Ljava/lang/CharSequence;)Ljava/lang/StringBuilder;"))
          .put(
              "java/lang/String.repeat(I)Ljava/lang/String;",
              hook("repeat", "(Ljava/lang/String;I)Ljava/lang/String;"))
          .put(
              "java/lang/String.split(Ljava/lang/String;)[Ljava/lang/String;",
              hook("split", "(Ljava/lang/String;Ljava/lang/String;)[Ljava/lang/String;"))
          .put(
              "java/lang/String.split(Ljava/lang/String;I)[Ljava/lang/String;",
              hook("split", "(Ljava/lang/String;Ljava/lang/String;I)[Ljava/lang/String;"))
          .put(
              "java/lang/Class.getName()Ljava/lang/String;",
              hook("className", "(Ljava/lang/Class;)Ljava/lang/String;"))
          .put(
              "java/lang/Class.getSimpleName()Ljava/lang/String;",
              hook("simpleName", "(Ljava/lang/Class;)Ljava/lang/String;"))
          .buildOrThrow();

  private DeterminismRewrites() {}

  private static String[] hook(String name, String descriptor) {
    return new String[] {name, descriptor};
  }

  /** Class-level rewrites: ordered super classes, deterministic hashCode and toString. */
  static void rewriteClass(ClassNode node, ClassHierarchy hierarchy) {
    if (node.superName != null && ORDERED.containsKey(node.superName)) {
      node.superName = ORDERED.get(node.superName);
    }
    if ((node.access & Opcodes.ACC_INTERFACE) != 0 || node.superName == null) {
      return;
    }
    String jdkAncestor = hierarchy.firstJdkAncestor(node.name);
    if (inheritsFromObject(hierarchy, node.name, jdkAncestor, "hashCode", "()I")) {
      node.methods.add(delegate("hashCode", "()I", "identityHash", IRETURN));
    }
    if (inheritsFromObject(hierarchy, node.name, jdkAncestor, "toString", "()Ljava/lang/String;")) {
      node.methods.add(delegate("toString", "()Ljava/lang/String;", "defaultToString", ARETURN));
    }
  }

  /** Instruction rewrites of one method; run before metering so the hooks are charged too. */
  static void rewriteMethod(MethodNode method) {
    InsnList insns = method.instructions;
    for (AbstractInsnNode insn : insns.toArray()) {
      if (insn instanceof TypeInsnNode type && type.getOpcode() == NEW) {
        type.desc = ORDERED.getOrDefault(type.desc, type.desc);
      } else if (insn instanceof MethodInsnNode call
          && call.getOpcode() == INVOKESTATIC
          && SaltedCollections.rewrite(method, call)) {
        continue;
      } else if (insn instanceof MethodInsnNode call) {
        rewriteCall(insns, call);
      } else if (insn instanceof InvokeDynamicInsnNode indy
          && indy.bsm.getOwner().equals("java/lang/invoke/LambdaMetafactory")) {
        // Method references (Object::hashCode, Math::sin) are handles, not call sites.
        for (int i = 0; i < indy.bsmArgs.length; i++) {
          if (indy.bsmArgs[i] instanceof Handle handle) {
            indy.bsmArgs[i] = rewriteHandle(handle);
          }
        }
      } else if (insn instanceof InvokeDynamicInsnNode indy
          && indy.bsm.getOwner().equals("java/lang/invoke/StringConcatFactory")) {
        StringConcat.stringifyArguments(method, indy);
      } else if (insn instanceof InvokeDynamicInsnNode indy
          && indy.bsm.getOwner().equals("java/lang/runtime/ObjectMethods")
          && !indy.name.equals("equals")) {
        // A record's hashCode and toString combine its components' own, identity included.
        boolean hash = indy.name.equals("hashCode");
        insns.set(
            indy,
            new MethodInsnNode(
                INVOKESTATIC,
                JDK_CALLS,
                hash ? "recordHashCode" : "recordToString",
                hash ? "(Ljava/lang/Object;)I" : "(Ljava/lang/Object;)Ljava/lang/String;",
                false));
      }
    }
  }

  private static void rewriteCall(InsnList insns, MethodInsnNode call) {
    String key = call.owner + "." + call.name + call.desc;
    if (call.getOpcode() == INVOKESPECIAL) {
      if (ORDERED.containsKey(call.owner)) {
        call.owner = ORDERED.get(call.owner);
      } else if (call.owner.equals(OBJECT) && call.name.equals("hashCode")) {
        replace(insns, call, "identityHash", "(Ljava/lang/Object;)I");
      } else if (call.owner.equals(OBJECT) && call.name.equals("toString")) {
        replace(insns, call, "defaultToString", "(Ljava/lang/Object;)Ljava/lang/String;");
      }
      return;
    }
    if (call.getOpcode() == INVOKESTATIC) {
      String[] target = STATIC_CALLS.get(key);
      if (target != null) {
        replace(insns, call, target[0], target[1]);
      } else if (call.owner.equals("java/lang/Math") && strictMathHas(call.name, call.desc)) {
        call.owner = "java/lang/StrictMath";
      }
      return;
    }
    String[] target = VIRTUAL_CALLS.get(key);
    if (target != null) {
      replace(insns, call, target[0], target[1]);
    } else if (call.name.equals("hashCode") && call.desc.equals("()I")) {
      replace(insns, call, "hashCode", "(Ljava/lang/Object;)I");
    } else if (call.name.equals("toString") && call.desc.equals("()Ljava/lang/String;")) {
      replace(insns, call, "toString", "(Ljava/lang/Object;)Ljava/lang/String;");
    }
  }

  /** The handle a rewritten call site would use instead, or {@code handle} itself. */
  private static Handle rewriteHandle(Handle handle) {
    int opcode =
        switch (handle.getTag()) {
          case Opcodes.H_INVOKESTATIC -> INVOKESTATIC;
          case Opcodes.H_INVOKEINTERFACE -> Opcodes.INVOKEINTERFACE;
          case Opcodes.H_INVOKEVIRTUAL -> Opcodes.INVOKEVIRTUAL;
          default -> -1;
        };
    if (opcode < 0) {
      return handle;
    }
    MethodInsnNode asCall =
        new MethodInsnNode(
            opcode, handle.getOwner(), handle.getName(), handle.getDesc(), handle.isInterface());
    InsnList scratch = new InsnList();
    scratch.add(asCall);
    rewriteCall(scratch, asCall);
    MethodInsnNode now = (MethodInsnNode) scratch.getFirst();
    if (now == asCall && now.owner.equals(handle.getOwner())) {
      return handle;
    }
    return new Handle(
        now.getOpcode() == INVOKESTATIC ? Opcodes.H_INVOKESTATIC : handle.getTag(),
        now.owner,
        now.name,
        now.desc,
        now.itf);
  }

  private static void replace(InsnList insns, MethodInsnNode call, String name, String desc) {
    insns.set(call, new MethodInsnNode(INVOKESTATIC, JDK_CALLS, name, desc, false));
  }

  private static boolean strictMathHas(String name, String descriptor) {
    Type[] args = Type.getArgumentTypes(descriptor);
    return Arrays.stream(StrictMath.class.getMethods())
        .filter(m -> m.getName().equals(name))
        .map(Method::getParameterTypes)
        .anyMatch(
            params ->
                Type.getMethodDescriptor(
                        Type.VOID_TYPE,
                        Arrays.stream(params).map(Type::getType).toArray(Type[]::new))
                    .equals(Type.getMethodDescriptor(Type.VOID_TYPE, args)));
  }

  /**
   * Whether {@code name+desc} of {@code className} resolves to {@link Object}'s: no own class on
   * the way up declares it, and the first JDK ancestor does not override it.
   */
  private static boolean inheritsFromObject(
      ClassHierarchy hierarchy, String className, String jdkAncestor, String name, String desc) {
    for (String t = className; hierarchy.isOwn(t); t = hierarchy.superName(t).orElse(OBJECT)) {
      boolean declares =
          hierarchy.ownClass(t).orElseThrow().methods.stream()
              .anyMatch(m -> m.name.equals(name) && m.desc.equals(desc));
      if (declares) {
        return false;
      }
    }
    try {
      Class<?> jdk =
          Class.forName(
              jdkAncestor.replace('/', '.'), false, DeterminismRewrites.class.getClassLoader());
      Class<?> declaring = jdk.getMethod(name).getDeclaringClass();
      // Enum.hashCode is final: enums cannot get an override; JdkCalls covers their call sites.
      return declaring == Object.class;
    } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
      return false;
    }
  }

  private static MethodNode delegate(String name, String desc, String hook, int returnOpcode) {
    MethodNode m = new MethodNode(ACC_PUBLIC, name, desc, null, null);
    m.instructions.add(new VarInsnNode(ALOAD, 0));
    m.instructions.add(
        new MethodInsnNode(
            INVOKESTATIC,
            JDK_CALLS,
            hook,
            Type.getMethodDescriptor(Type.getReturnType(desc), Type.getType(Object.class)),
            false));
    m.instructions.add(new InsnNode(returnOpcode));
    m.maxStack = 1;
    m.maxLocals = 1;
    return m;
  }
}
