package io.forkless.host.loader;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import io.forkless.host.metering.StaticState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * Finds everything non-deterministic or escaping in a JAR's classes before any of them is defined:
 * a read-only ASM scan of every method (static initializers and the synthetic methods lambdas
 * compile to included), field, type reference and constant-pool class entry against {@link
 * JdkAllowList}.
 *
 * <p>Each violation reads {@code class.method(descriptor) -> forbidden member}, e.g. {@code
 * com.example.Evil.run()V -> java.lang.System.currentTimeMillis()J}; class-level findings omit the
 * method ({@code com.example.Evil -> java.lang.Thread}), field types name the field. Every
 * violation is listed, in class-file order, without duplicates.
 *
 * <p>Stateless and thread-safe.
 */
public final class BytecodeVerifier {

  private static final String FINALIZE = "finalize";

  private final JdkAllowList allowList;

  private BytecodeVerifier(JdkAllowList allowList) {
    this.allowList = allowList;
  }

  /** A verifier enforcing {@link JdkAllowList#POLICY}. */
  public static BytecodeVerifier create() {
    return new BytecodeVerifier(JdkAllowList.get());
  }

  /**
   * Every violation in the JAR's {@code .class} entries; empty when the code may run. Entries that
   * are not parseable class files are reported as violations too.
   */
  public ImmutableList<String> verify(VerifiedJar jar) {
    Map<String, byte[]> classFiles = JarClasses.classFiles(jar);
    ImmutableSet<String> ownClasses = JarClasses.internalNames(classFiles.keySet());
    Set<String> violations = new LinkedHashSet<>();
    Map<String, Parsed> parsed = new LinkedHashMap<>();
    Map<String, ClassNode> ownNodes = new HashMap<>();
    for (Map.Entry<String, byte[]> file : classFiles.entrySet()) {
      try {
        ClassReader reader = new ClassReader(file.getValue());
        ClassNode node = new ClassNode();
        reader.accept(node, ClassReader.SKIP_DEBUG);
        parsed.put(file.getKey(), new Parsed(reader, node));
        ownNodes.put(node.name, node);
      } catch (RuntimeException malformed) {
        // ASM throws unchecked exceptions of several types on a malformed class file.
        violations.add(file.getKey() + " -> not a valid class file (" + malformed + ")");
      }
    }
    for (Map.Entry<String, Parsed> file : parsed.entrySet()) {
      try {
        new ClassScan(ownClasses, ownNodes, violations)
            .scan(file.getValue().reader(), file.getValue().node());
      } catch (RuntimeException malformed) {
        violations.add(file.getKey() + " -> not a valid class file (" + malformed + ")");
      }
    }
    // No state may survive between transactions in static fields (issue #13).
    violations.addAll(StaticState.violations(ownNodes));
    return ImmutableList.copyOf(violations);
  }

  private record Parsed(ClassReader reader, ClassNode node) {}

  /** The scan of one class; collects into a shared, ordered set. */
  private final class ClassScan {
    private final ImmutableSet<String> ownClasses;
    private final Map<String, ClassNode> ownNodes;
    private final Set<String> violations;
    private final Set<String> reportedTypes = new LinkedHashSet<>();
    private String className = "";

    ClassScan(
        ImmutableSet<String> ownClasses, Map<String, ClassNode> ownNodes, Set<String> violations) {
      this.ownClasses = ownClasses;
      this.ownNodes = ownNodes;
      this.violations = violations;
    }

    void scan(ClassReader reader, ClassNode node) {
      className = dotted(node.name);
      if (node.superName != null) {
        checkType(className, node.superName);
      }
      node.interfaces.forEach(i -> checkType(className, i));
      for (FieldNode field : node.fields) {
        checkDescriptor(className + "." + field.name, Type.getType(field.desc));
      }
      for (MethodNode method : node.methods) {
        scanMethod(method);
      }
      // Catch-all for class references that only live in the constant pool (e.g. annotations).
      char[] buffer = new char[reader.getMaxStringLength()];
      for (int i = 1; i < reader.getItemCount(); i++) {
        int offset = reader.getItem(i);
        if (offset != 0 && reader.readByte(offset - 1) == 7 /* CONSTANT_Class */) {
          checkTypeOnce(className, Type.getObjectType(reader.readUTF8(offset, buffer)));
        }
      }
    }

    private void scanMethod(MethodNode method) {
      String where = className + "." + method.name + method.desc;
      if ((method.access & Opcodes.ACC_NATIVE) != 0) {
        violations.add(where + " -> native method");
      }
      if (method.name.equals(FINALIZE) && method.desc.equals("()V")) {
        violations.add(where + " -> finalizer");
      }
      checkDescriptor(where, Type.getMethodType(method.desc));
      if (method.exceptions != null) {
        method.exceptions.forEach(e -> checkType(where, e));
      }
      for (TryCatchBlockNode tryCatch : method.tryCatchBlocks) {
        if (tryCatch.type != null) {
          checkType(where, tryCatch.type);
        }
      }
      for (AbstractInsnNode insn : method.instructions) {
        scanInstruction(where, insn);
      }
    }

    private void scanInstruction(String where, AbstractInsnNode insn) {
      if (insn instanceof MethodInsnNode call) {
        checkMember(where, call.owner, call.name, call.desc, "");
      } else if (insn instanceof FieldInsnNode field) {
        checkMember(where, field.owner, field.name, field.desc, ":");
      } else if (insn instanceof TypeInsnNode type) {
        checkType(where, type.desc);
      } else if (insn instanceof MultiANewArrayInsnNode array) {
        checkDescriptor(where, Type.getType(array.desc));
      } else if (insn instanceof LdcInsnNode ldc) {
        checkConstant(where, ldc.cst);
      } else if (insn instanceof InvokeDynamicInsnNode indy) {
        scanInvokeDynamic(where, indy);
      }
    }

    private void scanInvokeDynamic(String where, InvokeDynamicInsnNode indy) {
      Handle bootstrap = indy.bsm;
      String bootstrapName = dotted(bootstrap.getOwner()) + "." + bootstrap.getName();
      if (!JdkAllowList.INVOKEDYNAMIC_BOOTSTRAPS.contains(bootstrapName)) {
        violations.add(
            where + " -> invokedynamic bootstrap " + bootstrapName + bootstrap.getDesc());
        return;
      }
      checkDescriptor(where, Type.getMethodType(indy.desc));
      for (Object argument : indy.bsmArgs) {
        if (argument instanceof Handle handle) {
          // A method reference (String::length, System::nanoTime) compiles to a handle, not a
          // synthetic method: check its target like a call.
          checkMember(where, handle.getOwner(), handle.getName(), handle.getDesc(), "");
        } else {
          checkConstant(where, argument);
        }
      }
    }

    private void checkConstant(String where, Object constant) {
      if (constant instanceof Type type) {
        checkDescriptor(where, type);
      } else if (constant instanceof Handle handle) {
        violations.add(
            where
                + " -> method handle constant "
                + dotted(handle.getOwner())
                + "."
                + handle.getName()
                + handle.getDesc());
      } else if (constant instanceof ConstantDynamic dynamic) {
        violations.add(
            where + " -> dynamic constant " + dynamic.getName() + dynamic.getDescriptor());
      }
    }

    private void checkMember(
        String where, String owner, String name, String descriptor, String separator) {
      Type ownerType = Type.getObjectType(owner);
      if (ownerType.getSort() == Type.ARRAY) {
        // clone() and length-style members of arrays: allowed when the element type is.
        checkDescriptor(where, ownerType);
        return;
      }
      if (ownClasses.contains(owner)) {
        refusingAncestor(owner, name, descriptor, separator.isEmpty())
            .ifPresent(
                jdk -> violations.add(where + " -> " + jdk + "." + name + separator + descriptor));
        return;
      }
      String ownerName = dotted(owner);
      if (!allowList.allowsMember(ownerName, name, descriptor)) {
        violations.add(where + " -> " + ownerName + "." + name + separator + descriptor);
        reportedTypes.add(owner);
      }
    }

    /**
     * javac names the receiver's static type as the owner, so {@code this.wait()} or {@code
     * myList.parallelStream()} reach a JDK member through one of the JAR's own classes. When no own
     * class in the owner's hierarchy declares the member, every JDK ancestor must allow it.
     */
    private Optional<String> refusingAncestor(
        String owner, String name, String descriptor, boolean method) {
      Deque<String> todo = new ArrayDeque<>(List.of(owner));
      Set<String> seen = new HashSet<>();
      List<String> jdkAncestors = new ArrayList<>();
      while (!todo.isEmpty()) {
        String type = todo.pop();
        if (!seen.add(type)) {
          continue;
        }
        ClassNode node = ownNodes.get(type);
        if (node == null) {
          jdkAncestors.add(type);
          continue;
        }
        boolean declared =
            method
                ? node.methods.stream()
                    .anyMatch(m -> m.name.equals(name) && m.desc.equals(descriptor))
                : node.fields.stream().anyMatch(f -> f.name.equals(name));
        if (declared) {
          return Optional.empty();
        }
        if (node.superName != null) {
          todo.add(node.superName);
        }
        todo.addAll(node.interfaces);
      }
      // Name the class whose rule refuses it (Collection, not the AbstractCollection in between).
      return jdkAncestors.stream()
          .filter(jdk -> !ownClasses.contains(jdk))
          .map(jdk -> allowList.refuser(dotted(jdk), name, descriptor))
          .flatMap(Optional::stream)
          .findFirst();
    }

    private void checkDescriptor(String where, Type type) {
      if (type.getSort() == Type.METHOD) {
        checkDescriptor(where, type.getReturnType());
        for (Type argument : type.getArgumentTypes()) {
          checkDescriptor(where, argument);
        }
      } else if (type.getSort() == Type.ARRAY) {
        checkDescriptor(where, type.getElementType());
      } else if (type.getSort() == Type.OBJECT) {
        checkType(where, type.getInternalName());
      }
    }

    private void checkType(String where, String internalNameOrArray) {
      Type type = Type.getObjectType(internalNameOrArray);
      if (type.getSort() == Type.ARRAY) {
        checkDescriptor(where, type.getElementType());
        return;
      }
      String internalName = type.getInternalName();
      if (ownClasses.contains(internalName) || allowList.allowsType(dotted(internalName))) {
        return;
      }
      violations.add(where + " -> " + dotted(internalName));
      reportedTypes.add(internalName);
    }

    private void checkTypeOnce(String where, Type type) {
      Type element = type.getSort() == Type.ARRAY ? type.getElementType() : type;
      if (element.getSort() == Type.OBJECT && !reportedTypes.contains(element.getInternalName())) {
        checkType(where, element.getInternalName());
      }
    }
  }

  private static String dotted(String internalName) {
    return internalName.replace('/', '.');
  }
}
