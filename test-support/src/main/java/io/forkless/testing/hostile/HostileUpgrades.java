package io.forkless.testing.hostile;

import io.forkless.testing.hostile.HostileCorpus.Category;
import io.forkless.testing.hostile.HostileCorpus.Expect;
import io.forkless.testing.hostile.HostileCorpus.HostileCase;
import java.util.Map;
import java.util.TreeMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Hostile runtimes offered as upgrades (version 1.1.0 over a 1.0.0 chain), for the staging and
 * warm-up of approved code (issue #11): they load and pass every check, and fail only when they
 * run.
 */
public final class HostileUpgrades {

  /** Local slots given to each frame of {@code StackOverflowOnUpgrade.Frames.dive}. */
  static final int HUGE_FRAME_LOCALS = 30_000;

  private HostileUpgrades() {}

  /**
   * {@link StackOverflowOnUpgrade}: 200 nested calls of a method whose frame holds {@value
   * #HUGE_FRAME_LOCALS} local slots (about 48 MB of stack), so every transaction ends in a {@link
   * StackOverflowError} while the call depth stays below the metering limit.
   */
  public static HostileCase stackOverflow() {
    Map<String, byte[]> files =
        new TreeMap<>(HostileCorpus.classFilesOf(StackOverflowOnUpgrade.class));
    String frames = StackOverflowOnUpgrade.Frames.class.getName().replace('.', '/') + ".class";
    files.put(frames, hugeFrames(files.get(frames)));
    return new HostileCase(
        "StackOverflowOnUpgrade",
        Category.STACK,
        Expect.RUNS,
        "",
        StackOverflowOnUpgrade.class.getName(),
        files);
  }

  /** The class with every method's local variable table declared {@value #HUGE_FRAME_LOCALS}. */
  private static byte[] hugeFrames(byte[] original) {
    ClassWriter writer = new ClassWriter(0);
    new ClassReader(original)
        .accept(
            new ClassVisitor(Opcodes.ASM9, writer) {
              @Override
              public MethodVisitor visitMethod(
                  int access, String name, String desc, String signature, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, desc, signature, exceptions);
                if (!name.equals("dive")) {
                  return mv;
                }
                return new MethodVisitor(Opcodes.ASM9, mv) {
                  @Override
                  public void visitMaxs(int maxStack, int maxLocals) {
                    super.visitMaxs(maxStack, HUGE_FRAME_LOCALS);
                  }
                };
              }
            },
            0);
    return writer.toByteArray();
  }
}
