package io.forkless.host.metering;

import static org.objectweb.asm.Opcodes.*;

/**
 * What each instruction costs, in steps: the one fee table (Aion's {@code BytecodeFeeScheduler}
 * shape). A basic block costs the sum of its instructions, charged once when the block starts.
 * Allocation is charged by size on top (see {@link Meter#allocate}), and so are JDK calls that copy
 * or grow data ({@link JdkCalls}). Host functions ({@code State} access) cost {@link #STATE_ACCESS}
 * plus their bytes.
 *
 * <p>Changing a number changes which transactions run out of steps, so it changes consensus: a new
 * fee table ships with a new host version, never silently.
 */
public final class CostTable {

  /** Loads, stores, stack and arithmetic on primitives. */
  public static final int SIMPLE = 1;

  /** Field and array element access. */
  public static final int MEMORY = 2;

  /** Division and remainder (slower, and may throw). */
  public static final int DIVIDE = 4;

  /** Any call: the callee's own blocks are charged when they run. */
  public static final int CALL = 10;

  /** Object creation, before its constructor runs. */
  public static final int NEW = 20;

  /** Type checks, monitors, throws. */
  public static final int CHECK = 5;

  /** Switches: a lookup. */
  public static final int SWITCH = 5;

  /** Copying or allocating this many bytes costs one step. */
  public static final int BYTES_PER_STEP = 16;

  /** Assigning a deterministic identity hash. */
  public static final int IDENTITY_HASH = 20;

  /** A {@code State} get, put, delete, or one entry of a scan (a host function). */
  public static final int STATE_ACCESS = 100;

  private CostTable() {}

  /** The cost of one instruction, by opcode; 0 for labels, line numbers and frames. */
  public static int cost(int opcode) {
    if (opcode < 0) {
      return 0;
    }
    switch (opcode) {
      case GETFIELD, PUTFIELD, GETSTATIC, PUTSTATIC:
      case IALOAD, LALOAD, FALOAD, DALOAD, AALOAD, BALOAD, CALOAD, SALOAD:
      case IASTORE, LASTORE, FASTORE, DASTORE, AASTORE, BASTORE, CASTORE, SASTORE:
      case ARRAYLENGTH:
        return MEMORY;
      case IDIV, LDIV, FDIV, DDIV, IREM, LREM, FREM, DREM:
        return DIVIDE;
      case INVOKEVIRTUAL, INVOKESPECIAL, INVOKESTATIC, INVOKEINTERFACE, INVOKEDYNAMIC:
        return CALL;
      case NEW, NEWARRAY, ANEWARRAY, MULTIANEWARRAY:
        return NEW;
      case CHECKCAST, INSTANCEOF, MONITORENTER, MONITOREXIT, ATHROW:
        return CHECK;
      case TABLESWITCH, LOOKUPSWITCH:
        return SWITCH;
      default:
        return SIMPLE;
    }
  }

  /** Bytes per element of a {@code NEWARRAY} of the given {@code T_*} type. */
  static int primitiveArrayUnit(int type) {
    return switch (type) {
      case T_BOOLEAN, T_BYTE -> 1;
      case T_CHAR, T_SHORT -> 2;
      case T_INT, T_FLOAT -> 4;
      default -> 8;
    };
  }
}
