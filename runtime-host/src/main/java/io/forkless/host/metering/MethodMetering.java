package io.forkless.host.metering;

import static org.objectweb.asm.Opcodes.*;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Meters one method (Aion's {@code BlockBuildingMethodVisitor}, {@code ChargeEnergyInjection
 * Visitor} and {@code StackWatcher} in one pass over ASM's tree):
 *
 * <ul>
 *   <li>prologue: {@code Meter.enter()} (the thread's meter; raises the depth, fails past the
 *       limit), kept in two new locals with the frame's depth;
 *   <li>each basic block starts with {@code meter.charge(cost)}, the sum of its instructions'
 *       {@link CostTable} costs, so every loop iteration pays;
 *   <li>arrays are charged by size before they are created; JDK calls by the size of what they copy
 *       (argument) or return (strings, arrays); capacity arguments before the call;
 *   <li>every exception handler starts with {@code meter.caught(t, depth)}, which rethrows host and
 *       JVM errors, so no {@code catch (Throwable)} in loaded code ever sees them;
 *   <li>every return restores the caller's depth.
 * </ul>
 */
final class MethodMetering {

  private static final String METER = Type.getInternalName(Meter.class);
  private static final String METER_DESC = Type.getDescriptor(Meter.class);

  /** JDK calls whose int argument on top of the stack is a capacity: bytes per unit. */
  private static final ImmutableMap<String, Integer> CAPACITY_CALLS =
      ImmutableMap.<String, Integer>builder()
          .put("java/util/ArrayList.<init>(I)V", 8)
          .put("java/util/ArrayList.ensureCapacity(I)V", 8)
          .put("java/util/ArrayDeque.<init>(I)V", 8)
          .put("java/util/LinkedHashMap.<init>(I)V", 32)
          .put("java/util/LinkedHashSet.<init>(I)V", 32)
          .put("java/util/PriorityQueue.<init>(I)V", 8)
          .put("java/lang/StringBuilder.<init>(I)V", 2)
          .put("java/lang/StringBuilder.ensureCapacity(I)V", 2)
          .put("java/lang/StringBuilder.setLength(I)V", 2)
          .put("java/nio/ByteBuffer.allocate(I)Ljava/nio/ByteBuffer;", 1)
          .put("java/nio/CharBuffer.allocate(I)Ljava/nio/CharBuffer;", 2)
          .putAll(arrayCopies())
          .buildOrThrow();

  /** {@code Arrays.copyOf(a, newLength)} and {@code copyOfRange(a, from, to)}: the int on top. */
  private static ImmutableMap<String, Integer> arrayCopies() {
    ImmutableMap.Builder<String, Integer> out = ImmutableMap.builder();
    String[] types = {"B", "Z", "C", "S", "I", "F", "J", "D", "Ljava/lang/Object;"};
    int[] units = {1, 1, 2, 2, 4, 4, 8, 8, 8};
    for (int i = 0; i < types.length; i++) {
      String array = "[" + types[i];
      out.put("java/util/Arrays.copyOf(" + array + "I)" + array, units[i]);
      out.put("java/util/Arrays.copyOfRange(" + array + "II)" + array, units[i]);
    }
    return out.buildOrThrow();
  }

  /**
   * JDK instance methods whose time grows with the receiver's size (a scan, a shift, a copy): the
   * receiver is charged steps by its size before the call (the JDK's code is not instrumented).
   */
  private static final ImmutableSet<String> LINEAR_ON_RECEIVER =
      ImmutableSet.of(
          "containsAll",
          "containsValue",
          "removeAll",
          "retainAll",
          "removeIf",
          "replaceAll",
          "equals",
          "toArray",
          "sort",
          "clear",
          "compareTo",
          "trim",
          "strip",
          "replace",
          "getBytes",
          "reverse");

  /**
   * Scans of a sequence (a list, a deque, a string), constant time on sets and maps: charged by the
   * receiver's size unless it is a set or a map. Removing the last element of a list is charged
   * like removing the first.
   */
  private static final ImmutableSet<String> LINEAR_ON_SEQUENCE =
      ImmutableSet.of("contains", "indexOf", "lastIndexOf", "remove");

  /** Static JDK methods whose time grows with their first (array or collection) argument. */
  private static final ImmutableSet<String> LINEAR_STATIC_OWNERS =
      ImmutableSet.of("java/util/Arrays", "java/util/Collections");

  /** JDK calls whose last argument is copied into the receiver: charged by its size. */
  private static final ImmutableSet<String> COPYING_CALLS =
      ImmutableSet.of("append", "insert", "addAll", "putAll");

  private final MethodNode method;
  private final ClassHierarchy hierarchy;
  private int meterSlot;
  private int depthSlot;

  private MethodMetering(MethodNode method, ClassHierarchy hierarchy) {
    this.method = method;
    this.hierarchy = hierarchy;
  }

  static void meter(MethodNode method, ClassHierarchy hierarchy) {
    if ((method.access & (ACC_ABSTRACT | ACC_NATIVE)) != 0 || method.instructions.size() == 0) {
      return;
    }
    new MethodMetering(method, hierarchy).run();
  }

  private void run() {
    meterSlot = method.maxLocals;
    depthSlot = meterSlot + 1;
    method.maxLocals += 2;
    InsnList insns = method.instructions;
    Set<AbstractInsnNode> leaders = leaders();
    Set<LabelNode> handlers = new HashSet<>();
    for (TryCatchBlockNode tcb : method.tryCatchBlocks) {
      handlers.add(tcb.handler);
    }
    AbstractInsnNode[] original = insns.toArray();
    long blockCost = 0;
    AbstractInsnNode blockStart = null;
    for (AbstractInsnNode insn : original) {
      if (leaders.contains(insn)) {
        chargeBlock(blockStart, blockCost);
        blockStart = insn;
        blockCost = 0;
      }
      blockCost += CostTable.cost(insn.getOpcode());
      sizeCharges(insn);
    }
    chargeBlock(blockStart, blockCost);
    guardHandlers(handlers);
    InsnList prologue = new InsnList();
    prologue.add(new MethodInsnNode(INVOKESTATIC, METER, "enter", "()" + METER_DESC, false));
    prologue.add(new InsnNode(DUP));
    prologue.add(new VarInsnNode(ASTORE, meterSlot));
    prologue.add(new MethodInsnNode(INVOKEVIRTUAL, METER, "depth", "()I", false));
    prologue.add(new VarInsnNode(ISTORE, depthSlot));
    // Before every label, so no try range covers it and handlers always see both locals set.
    insns.insert(prologue);
  }

  /** First instruction, jump and switch targets, handlers, and what follows a jump or exit. */
  private Set<AbstractInsnNode> leaders() {
    Set<AbstractInsnNode> leaders = new HashSet<>();
    leaders.add(method.instructions.getFirst());
    for (AbstractInsnNode insn : method.instructions) {
      if (insn instanceof JumpInsnNode jump) {
        leaders.add(jump.label);
        addNext(leaders, insn);
      } else if (insn instanceof TableSwitchInsnNode table) {
        leaders.add(table.dflt);
        leaders.addAll(table.labels);
      } else if (insn instanceof LookupSwitchInsnNode lookup) {
        leaders.add(lookup.dflt);
        leaders.addAll(lookup.labels);
      } else if (isExit(insn.getOpcode())) {
        addNext(leaders, insn);
      }
    }
    for (TryCatchBlockNode tcb : method.tryCatchBlocks) {
      leaders.add(tcb.handler);
    }
    return leaders;
  }

  private static void addNext(Set<AbstractInsnNode> leaders, AbstractInsnNode insn) {
    if (insn.getNext() != null) {
      leaders.add(insn.getNext());
    }
  }

  private static boolean isExit(int opcode) {
    return opcode == ATHROW || (opcode >= IRETURN && opcode <= RETURN);
  }

  private void chargeBlock(AbstractInsnNode start, long cost) {
    if (start == null || cost == 0) {
      return;
    }
    InsnList code = new InsnList();
    code.add(new VarInsnNode(ALOAD, meterSlot));
    code.add(new LdcInsnNode(cost));
    code.add(new MethodInsnNode(INVOKEVIRTUAL, METER, "charge", "(J)V", false));
    if (start instanceof LabelNode) {
      method.instructions.insert(start, code);
    } else {
      method.instructions.insertBefore(start, code);
    }
  }

  /**
   * Sends every exception to a trampoline at the end of the method, outside every try range, that
   * calls {@code meter.caught(t, depth)} and then jumps to the original handler. A host error
   * rethrown there leaves the method: javac covers parts of finally and synchronized handlers with
   * their own handler, so a check placed in the handler itself would catch its own rethrow forever.
   */
  private void guardHandlers(Set<LabelNode> handlers) {
    Map<LabelNode, LabelNode> trampolines = new HashMap<>();
    for (LabelNode handler : handlers) {
      LabelNode trampoline = new LabelNode();
      trampolines.put(handler, trampoline);
      InsnList code = new InsnList();
      code.add(trampoline);
      code.add(new InsnNode(DUP));
      code.add(new VarInsnNode(ALOAD, meterSlot));
      code.add(new InsnNode(SWAP));
      code.add(new VarInsnNode(ILOAD, depthSlot));
      code.add(
          new MethodInsnNode(INVOKEVIRTUAL, METER, "caught", "(Ljava/lang/Throwable;I)V", false));
      code.add(new JumpInsnNode(GOTO, handler));
      method.instructions.add(code);
    }
    for (TryCatchBlockNode tcb : method.tryCatchBlocks) {
      tcb.handler = trampolines.get(tcb.handler);
    }
  }

  private void sizeCharges(AbstractInsnNode insn) {
    InsnList insns = method.instructions;
    int opcode = insn.getOpcode();
    if (opcode == NEWARRAY) {
      insns.insertBefore(
          insn, chargeTopInt(CostTable.primitiveArrayUnit(((IntInsnNode) insn).operand)));
    } else if (opcode == ANEWARRAY) {
      insns.insertBefore(insn, chargeTopInt(8));
    } else if (insn instanceof MultiANewArrayInsnNode multi) {
      insns.insertBefore(insn, chargeDimensions(multi.dims));
    } else if (isExit(opcode) && opcode != ATHROW) {
      InsnList exit = new InsnList();
      exit.add(new VarInsnNode(ALOAD, meterSlot));
      exit.add(new VarInsnNode(ILOAD, depthSlot));
      exit.add(new MethodInsnNode(INVOKEVIRTUAL, METER, "exit", "(I)V", false));
      insns.insertBefore(insn, exit);
    } else if (insn instanceof MethodInsnNode call && isJdk(call.owner)) {
      Integer unit = CAPACITY_CALLS.get(call.owner + "." + call.name + call.desc);
      Type[] args = Type.getArgumentTypes(call.desc);
      linearWork(call, args);
      if (unit != null) {
        insns.insertBefore(insn, chargeTopInt(unit));
      } else if (COPYING_CALLS.contains(call.name)
          && args.length > 0
          && args[args.length - 1].getSort() >= Type.ARRAY) {
        insns.insertBefore(insn, chargeTopObject());
      }
      chargeResult(insn, Type.getReturnType(call.desc));
    } else if (insn instanceof InvokeDynamicInsnNode indy
        && indy.bsm.getOwner().equals("java/lang/invoke/StringConcatFactory")) {
      chargeResult(insn, Type.getReturnType(indy.desc));
    }
  }

  /**
   * Charges steps (not memory) for a JDK call whose running time grows with data that already
   * exists: {@code System.arraycopy} by its length; {@code Arrays.*} and {@code Collections.*} by
   * their first argument; scans, shifts and copies by the receiver. Arguments are spilled to fresh
   * locals, the sized one reported to the meter, and all reloaded.
   */
  private void linearWork(MethodInsnNode call, Type[] args) {
    InsnList insns = method.instructions;
    if (call.owner.equals("java/lang/System") && call.name.equals("arraycopy")) {
      InsnList code = new InsnList();
      code.add(new InsnNode(DUP));
      code.add(new VarInsnNode(ALOAD, meterSlot));
      code.add(new InsnNode(SWAP));
      code.add(new MethodInsnNode(INVOKEVIRTUAL, METER, "workOn", "(I)V", false));
      insns.insertBefore(call, code);
      return;
    }
    boolean isStatic = call.getOpcode() == INVOKESTATIC;
    String hook = "workOn";
    int sized;
    if (isStatic
        && LINEAR_STATIC_OWNERS.contains(call.owner)
        && args.length > 0
        && args[0].getSort() >= Type.ARRAY) {
      sized = 0;
    } else if (!isStatic && LINEAR_ON_RECEIVER.contains(call.name)) {
      sized = -1;
    } else if (!isStatic && LINEAR_ON_SEQUENCE.contains(call.name)) {
      sized = -1;
      hook = "workOnSequence";
    } else {
      return;
    }
    Type[] all = new Type[args.length + (isStatic ? 0 : 1)];
    if (!isStatic) {
      all[0] = Type.getObjectType("java/lang/Object");
    }
    System.arraycopy(args, 0, all, isStatic ? 0 : 1, args.length);
    int target = isStatic ? sized : 0;
    int[] slots = new int[all.length];
    int next = method.maxLocals;
    for (int i = 0; i < all.length; i++) {
      slots[i] = next;
      next += all[i].getSize();
    }
    method.maxLocals = next;
    InsnList code = new InsnList();
    for (int i = all.length - 1; i >= 0; i--) {
      code.add(new VarInsnNode(all[i].getOpcode(ISTORE), slots[i]));
    }
    code.add(new VarInsnNode(ALOAD, meterSlot));
    code.add(new VarInsnNode(ALOAD, slots[target]));
    code.add(new MethodInsnNode(INVOKEVIRTUAL, METER, hook, "(Ljava/lang/Object;)V", false));
    for (int i = 0; i < all.length; i++) {
      code.add(new VarInsnNode(all[i].getOpcode(ILOAD), slots[i]));
    }
    insns.insertBefore(call, code);
  }

  private void chargeResult(AbstractInsnNode call, Type returned) {
    if (returned.getSort() == Type.ARRAY || returned.getDescriptor().equals("Ljava/lang/String;")) {
      method.instructions.insert(call, chargeTopObject());
    }
  }

  private boolean isJdk(String owner) {
    return !hierarchy.isOwn(owner)
        && !owner.startsWith("io/forkless/")
        && !owner.startsWith("[")
        && !owner.equals(DeterminismRewrites.JDK_CALLS);
  }

  /** {@code [n] -> [n]}, charging n × unit bytes. */
  private InsnList chargeTopInt(int unit) {
    InsnList code = new InsnList();
    code.add(new InsnNode(DUP));
    code.add(new VarInsnNode(ALOAD, meterSlot));
    code.add(new InsnNode(SWAP));
    code.add(new LdcInsnNode(unit));
    code.add(new MethodInsnNode(INVOKEVIRTUAL, METER, "allocArray", "(II)V", false));
    return code;
  }

  /** {@code [o] -> [o]}, charging o's size. */
  private InsnList chargeTopObject() {
    InsnList code = new InsnList();
    code.add(new InsnNode(DUP));
    code.add(new VarInsnNode(ALOAD, meterSlot));
    code.add(new InsnNode(SWAP));
    code.add(
        new MethodInsnNode(INVOKEVIRTUAL, METER, "chargeSize", "(Ljava/lang/Object;)V", false));
    return code;
  }

  /** Spills the dimensions to fresh locals, reports them, and reloads them. */
  private InsnList chargeDimensions(int dims) {
    InsnList code = new InsnList();
    int first = method.maxLocals;
    method.maxLocals += dims;
    for (int i = dims - 1; i >= 0; i--) {
      code.add(new VarInsnNode(ISTORE, first + i));
    }
    for (int i = 0; i < dims; i++) {
      code.add(new VarInsnNode(ALOAD, meterSlot));
      code.add(new VarInsnNode(ILOAD, first + i));
      code.add(new LdcInsnNode(i));
      code.add(new MethodInsnNode(INVOKEVIRTUAL, METER, "multiArrayDimension", "(II)V", false));
    }
    code.add(new VarInsnNode(ALOAD, meterSlot));
    code.add(new MethodInsnNode(INVOKEVIRTUAL, METER, "multiArrayEnd", "()V", false));
    for (int i = 0; i < dims; i++) {
      code.add(new VarInsnNode(ILOAD, first + i));
    }
    return code;
  }
}
