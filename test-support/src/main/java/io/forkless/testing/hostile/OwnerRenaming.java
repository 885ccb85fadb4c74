package io.forkless.testing.hostile;

import static org.objectweb.asm.Opcodes.ACC_FINAL;
import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ARETURN;
import static org.objectweb.asm.Opcodes.DUP;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;
import static org.objectweb.asm.Opcodes.NEW;
import static org.objectweb.asm.Opcodes.POP;
import static org.objectweb.asm.Opcodes.POP2;
import static org.objectweb.asm.Opcodes.RETURN;
import static org.objectweb.asm.Opcodes.V17;

import io.forkless.testing.hostile.HostileCorpus.Category;
import io.forkless.testing.hostile.HostileCorpus.Expect;
import io.forkless.testing.hostile.HostileCorpus.HostileCase;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Hostile runtimes made with ASM whose bytecode reaches a refused JDK member through an owner javac
 * would not write (a subclass, an unrelated implementation of the same interface): the deny rule
 * must hold whatever class the bytecode names, so each is refused when loaded.
 */
final class OwnerRenaming {

  private static final String PACKAGE = "io/forkless/testing/hostile/gen/";

  /** A receiver type, how to create it, and the refused member called on it. */
  private record Variant(
      String name, String owner, String member, String descriptor, String reason) {}

  private static final List<Variant> VARIANTS =
      List.of(
          new Variant(
              "StreamOnArrayDeque",
              "java/util/ArrayDeque",
              "stream",
              "()Ljava/util/stream/Stream;",
              "java.util.ArrayDeque.stream"),
          new Variant(
              "ParallelStreamOnLinkedHashSet",
              "java/util/LinkedHashSet",
              "parallelStream",
              "()Ljava/util/stream/Stream;",
              "java.util.LinkedHashSet.parallelStream"),
          new Variant(
              "SpliteratorOnPriorityQueue",
              "java/util/PriorityQueue",
              "spliterator",
              "()Ljava/util/Spliterator;",
              "java.util.PriorityQueue.spliterator"),
          new Variant(
              "WaitOnTreeMap", "java/util/TreeMap", "wait", "()V", "java.util.TreeMap.wait"),
          new Variant(
              "NotifyAllOnStringBuilder",
              "java/lang/StringBuilder",
              "notifyAll",
              "()V",
              "java.lang.StringBuilder.notifyAll"),
          new Variant(
              "StackTraceOnNumberFormatException",
              "java/lang/NumberFormatException",
              "getStackTrace",
              "()[Ljava/lang/StackTraceElement;",
              "java.lang.NumberFormatException.getStackTrace"));

  private OwnerRenaming() {}

  static List<HostileCase> cases() {
    return VARIANTS.stream().map(OwnerRenaming::build).toList();
  }

  private static HostileCase build(Variant v) {
    String className = PACKAGE + v.name();
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    String base = Type.getInternalName(HostileRuntime.class);
    cw.visit(V17, ACC_PUBLIC | ACC_FINAL, className, null, base, null);
    MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(ALOAD, 0);
    init.visitMethodInsn(INVOKESPECIAL, base, "<init>", "()V", false);
    init.visitInsn(RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();
    MethodVisitor apply =
        cw.visitMethod(
            ACC_PUBLIC,
            "apply",
            "(Lio/forkless/api/State;Lio/forkless/api/BlockContext;[B)Lio/forkless/api/Receipt;",
            null,
            null);
    apply.visitCode();
    apply.visitTypeInsn(NEW, v.owner());
    apply.visitInsn(DUP);
    apply.visitMethodInsn(INVOKESPECIAL, v.owner(), "<init>", "()V", false);
    apply.visitMethodInsn(INVOKEVIRTUAL, v.owner(), v.member(), v.descriptor(), false);
    Type returned = Type.getReturnType(v.descriptor());
    if (returned.getSize() == 1) {
      apply.visitInsn(POP);
    } else if (returned.getSize() == 2) {
      apply.visitInsn(POP2);
    }
    apply.visitMethodInsn(
        INVOKESTATIC, "io/forkless/api/Receipt", "ok", "()Lio/forkless/api/Receipt;", false);
    apply.visitInsn(ARETURN);
    apply.visitMaxs(0, 0);
    apply.visitEnd();
    cw.visitEnd();
    Map<String, byte[]> files = new TreeMap<>();
    files.put(className + ".class", cw.toByteArray());
    String baseName = Type.getInternalName(HostileRuntime.class);
    files.put(baseName + ".class", HostileCorpus.read(baseName));
    return new HostileCase(
        v.name(),
        Category.OWNER_RENAMING,
        Expect.REFUSED,
        v.reason(),
        className.replace('/', '.'),
        files);
  }
}
