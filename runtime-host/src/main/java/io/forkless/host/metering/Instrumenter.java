package io.forkless.host.metering;

import com.google.common.collect.ImmutableSortedMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Rewrites the classes of one JAR for metered, deterministic execution: {@link DeterminismRewrites}
 * first, then {@link MethodMetering} on every method, stack map frames recomputed from {@link
 * ClassHierarchy}. Runs once per JAR, when it is loaded, on bytes the bytecode verifier already
 * accepted; the original bytes are never defined.
 *
 * <p>Stateless and thread-safe.
 */
public final class Instrumenter {

  private Instrumenter() {}

  /**
   * The instrumented class files, by the same entry names.
   *
   * @throws InstrumentationException listing every class that cannot be instrumented (e.g. a method
   *     grows past the JVM's 64 KiB limit, or uses {@code jsr}/{@code ret})
   */
  public static ImmutableSortedMap<String, byte[]> instrument(Map<String, byte[]> classFiles) {
    Map<String, ClassNode> nodes = new HashMap<>();
    Map<String, ClassNode> byEntry = new HashMap<>();
    for (Map.Entry<String, byte[]> file : classFiles.entrySet()) {
      ClassNode node = new ClassNode();
      new ClassReader(file.getValue()).accept(node, ClassReader.SKIP_FRAMES);
      nodes.put(node.name, node);
      byEntry.put(file.getKey(), node);
    }
    ClassHierarchy hierarchy = new ClassHierarchy(Map.copyOf(nodes));
    List<String> problems = new ArrayList<>();
    ImmutableSortedMap.Builder<String, byte[]> out = ImmutableSortedMap.naturalOrder();
    for (Map.Entry<String, ClassNode> entry : byEntry.entrySet()) {
      ClassNode node = entry.getValue();
      try {
        out.put(entry.getKey(), transform(node, hierarchy));
      } catch (RuntimeException e) {
        // ASM reports a method too large, or frames it cannot compute, with unchecked exceptions.
        problems.add(node.name.replace('/', '.') + " cannot be metered: " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new InstrumentationException(problems);
    }
    return out.buildOrThrow();
  }

  private static byte[] transform(ClassNode node, ClassHierarchy hierarchy) {
    for (MethodNode method : node.methods) {
      for (AbstractInsnNode insn : method.instructions) {
        if (insn.getOpcode() == Opcodes.JSR || insn.getOpcode() == Opcodes.RET) {
          throw new IllegalArgumentException(
              method.name + " uses jsr/ret (class files before Java 6)");
        }
      }
    }
    DeterminismRewrites.rewriteClass(node, hierarchy);
    for (MethodNode method : node.methods) {
      DeterminismRewrites.rewriteMethod(method);
      MethodMetering.meter(method, hierarchy);
    }
    if (node.version < Opcodes.V1_7) {
      // Frames are required from Java 7 on; computing them needs a version that has them.
      node.version = Opcodes.V1_7;
    }
    ClassWriter writer =
        new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
          @Override
          protected String getCommonSuperClass(String type1, String type2) {
            return hierarchy.commonSuperClass(type1, type2);
          }
        };
    node.accept(writer);
    return writer.toByteArray();
  }
}
