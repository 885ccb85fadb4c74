package io.forkless.host.metering;

import static org.objectweb.asm.Opcodes.AASTORE;
import static org.objectweb.asm.Opcodes.ASM9;
import static org.objectweb.asm.Opcodes.BASTORE;
import static org.objectweb.asm.Opcodes.CASTORE;
import static org.objectweb.asm.Opcodes.CHECKCAST;
import static org.objectweb.asm.Opcodes.DASTORE;
import static org.objectweb.asm.Opcodes.FASTORE;
import static org.objectweb.asm.Opcodes.GETSTATIC;
import static org.objectweb.asm.Opcodes.IASTORE;
import static org.objectweb.asm.Opcodes.LASTORE;
import static org.objectweb.asm.Opcodes.PUTFIELD;
import static org.objectweb.asm.Opcodes.PUTSTATIC;
import static org.objectweb.asm.Opcodes.SASTORE;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Interpreter;
import org.objectweb.asm.tree.analysis.Value;

/**
 * A data-flow pass over one method (ASM's {@link org.objectweb.asm.tree.analysis.Analyzer}) that
 * follows every reference read from a static array field, through locals, the stack and casts, and
 * reports each use that could change the array or let it escape: a store into it, storing it in a
 * field or an array, passing it to a method or a lambda, returning it. Reading an element, the
 * length, or a {@code clone()} (a copy the caller owns) is all a static array may be used for.
 */
final class StaticArrayUse extends Interpreter<StaticArrayUse.Tracked> {

  /** What the pass knows about the JAR. */
  interface StaticArrays {
    /** Whether a field instruction reads a guarded static array. */
    boolean isGuarded(String owner, String name, String desc);

    /** Whether calls on {@code owner} reach the host's functions only (never the JAR's code). */
    boolean isHostFunction(String owner);
  }

  /** A {@link BasicValue} and whether it may be a static array. */
  record Tracked(BasicValue basic, boolean fromStatic) implements Value {
    @Override
    public int getSize() {
      return basic.getSize();
    }
  }

  private final BasicInterpreter basic = new BasicInterpreter();
  private final StaticArrays arrays;
  private final Consumer<String> violation;

  StaticArrayUse(StaticArrays arrays, Consumer<String> violation) {
    super(ASM9);
    this.arrays = arrays;
    this.violation = violation;
  }

  private static @Nullable Tracked of(@Nullable BasicValue v, boolean fromStatic) {
    return v == null ? null : new Tracked(v, fromStatic);
  }

  private void check(Tracked v, String what) {
    if (v.fromStatic()) {
      violation.accept(
          what
              + " a static array: state in static fields survives between transactions and makes"
              + " restarted nodes diverge (only read its elements or length, or clone() it)");
    }
  }

  @Override
  public @Nullable Tracked newValue(@Nullable Type type) {
    return of(basic.newValue(type), false);
  }

  @Override
  public Tracked newOperation(AbstractInsnNode insn) throws AnalyzerException {
    boolean fromStatic =
        insn.getOpcode() == GETSTATIC
            && insn instanceof FieldInsnNode f
            && arrays.isGuarded(f.owner, f.name, f.desc);
    return new Tracked(basic.newOperation(insn), fromStatic);
  }

  @Override
  public Tracked copyOperation(AbstractInsnNode insn, Tracked value) throws AnalyzerException {
    return new Tracked(basic.copyOperation(insn, value.basic()), value.fromStatic());
  }

  @Override
  public @Nullable Tracked unaryOperation(AbstractInsnNode insn, Tracked value)
      throws AnalyzerException {
    if (insn.getOpcode() == PUTSTATIC) {
      check(value, "stores in a static field");
    }
    BasicValue result = basic.unaryOperation(insn, value.basic());
    return of(result, insn.getOpcode() == CHECKCAST && value.fromStatic());
  }

  @Override
  public @Nullable Tracked binaryOperation(AbstractInsnNode insn, Tracked value1, Tracked value2)
      throws AnalyzerException {
    if (insn.getOpcode() == PUTFIELD) {
      check(value2, "stores in a field");
    }
    return of(basic.binaryOperation(insn, value1.basic(), value2.basic()), false);
  }

  @Override
  public @Nullable Tracked ternaryOperation(
      AbstractInsnNode insn, Tracked value1, Tracked value2, Tracked value3)
      throws AnalyzerException {
    switch (insn.getOpcode()) {
      case IASTORE, LASTORE, FASTORE, DASTORE, AASTORE, BASTORE, CASTORE, SASTORE -> {
        check(value1, "writes into");
        check(value3, "stores in an array");
      }
      default -> {}
    }
    return of(basic.ternaryOperation(insn, value1.basic(), value2.basic(), value3.basic()), false);
  }

  @Override
  public @Nullable Tracked naryOperation(AbstractInsnNode insn, List<? extends Tracked> values)
      throws AnalyzerException {
    for (int i = 0; i < values.size(); i++) {
      if (!(insn instanceof MethodInsnNode call && readsOnly(call, i, values.size()))) {
        check(values.get(i), "passes to a method or lambda");
      }
    }
    return of(basic.naryOperation(insn, values.stream().map(Tracked::basic).toList()), false);
  }

  /**
   * Whether {@code call} only reads its operand {@code index} (0 is the receiver of an instance
   * call): an array's {@code clone()}, the host's state functions (which copy what they keep), and
   * JDK methods that read an array without keeping it.
   */
  private boolean readsOnly(MethodInsnNode call, int index, int operands) {
    if (call.owner.startsWith("[")) {
      return call.name.equals("clone") && operands == 1;
    }
    if (arrays.isHostFunction(call.owner)) {
      return true;
    }
    String member = call.owner + "." + call.name;
    if (member.equals("java/lang/System.arraycopy")) {
      return index == 0;
    }
    return READ_ONLY_JDK.contains(member);
  }

  /** JDK methods that read their array arguments and keep no reference to them. */
  private static final Set<String> READ_ONLY_JDK =
      Set.of(
          "java/util/Arrays.equals",
          "java/util/Arrays.hashCode",
          "java/util/Arrays.compare",
          "java/util/Arrays.compareUnsigned",
          "java/util/Arrays.mismatch",
          "java/util/Arrays.copyOf",
          "java/util/Arrays.copyOfRange",
          "java/util/Arrays.binarySearch",
          "java/util/Arrays.toString",
          "java/lang/String.<init>",
          "java/lang/String.valueOf",
          "java/lang/String.copyValueOf");

  @Override
  public void returnOperation(AbstractInsnNode insn, Tracked value, Tracked expected)
      throws AnalyzerException {
    check(value, "returns");
  }

  @Override
  public Tracked merge(Tracked value1, Tracked value2) {
    BasicValue merged = basic.merge(value1.basic(), value2.basic());
    boolean fromStatic = value1.fromStatic() || value2.fromStatic();
    if (merged.equals(value1.basic()) && fromStatic == value1.fromStatic()) {
      return value1;
    }
    return new Tracked(merged, fromStatic);
  }
}
