package io.forkless.host.loader;

import static org.objectweb.asm.Opcodes.ACC_FINAL;
import static org.objectweb.asm.Opcodes.ACC_NATIVE;
import static org.objectweb.asm.Opcodes.ACC_PRIVATE;
import static org.objectweb.asm.Opcodes.ACC_PROTECTED;
import static org.objectweb.asm.Opcodes.ACC_PUBLIC;
import static org.objectweb.asm.Opcodes.ACC_STATIC;
import static org.objectweb.asm.Opcodes.ACC_SYNTHETIC;
import static org.objectweb.asm.Opcodes.ACONST_NULL;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.ARETURN;
import static org.objectweb.asm.Opcodes.ATHROW;
import static org.objectweb.asm.Opcodes.DCONST_0;
import static org.objectweb.asm.Opcodes.DUP;
import static org.objectweb.asm.Opcodes.FCONST_0;
import static org.objectweb.asm.Opcodes.GETSTATIC;
import static org.objectweb.asm.Opcodes.H_INVOKESTATIC;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.INVOKEINTERFACE;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;
import static org.objectweb.asm.Opcodes.IRETURN;
import static org.objectweb.asm.Opcodes.LCONST_0;
import static org.objectweb.asm.Opcodes.NEW;
import static org.objectweb.asm.Opcodes.POP;
import static org.objectweb.asm.Opcodes.POP2;
import static org.objectweb.asm.Opcodes.RETURN;
import static org.objectweb.asm.Opcodes.V17;

import io.forkless.api.RuntimeVersion;
import java.util.function.Consumer;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Class files generated with ASM for loader tests: hostile classes calling one forbidden API from a
 * chosen site, and minimal runtimes and migrations. Generated classes have no branches, so ASM
 * never needs to load a class to compute frames.
 */
final class GeneratedClasses {

  private static final String OBJECT = "java/lang/Object";
  private static final Handle LAMBDA_METAFACTORY =
      new Handle(
          H_INVOKESTATIC,
          "java/lang/invoke/LambdaMetafactory",
          "metafactory",
          "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;"
              + "Ljava/lang/invoke/MethodType;Ljava/lang/invoke/MethodHandle;"
              + "Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;",
          false);

  private GeneratedClasses() {}

  /** How a forbidden member is reached. */
  enum Kind {
    STATIC,
    VIRTUAL,
    INTERFACE,
    CONSTRUCTOR,
    STATIC_FIELD
  }

  /** Where in a class the forbidden call sits. */
  enum Site {
    METHOD("run()V"),
    STATIC_INITIALIZER("<clinit>()V"),
    LAMBDA("lambda$run$0()V");

    private final String method;

    Site(String method) {
      this.method = method;
    }
  }

  /** One forbidden JDK member, and the violation text the verifier must report for it. */
  record ForbiddenApi(String label, Kind kind, String owner, String name, String descriptor) {

    /** {@code className.method(desc) -> owner.member}, as the verifier reports it. */
    String violation(String className, Site site) {
      String separator = kind == Kind.STATIC_FIELD ? ":" : "";
      return className
          + "."
          + site.method
          + " -> "
          + owner.replace('/', '.')
          + "."
          + name
          + separator
          + descriptor;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** A class {@code className} calling {@code api} from {@code site}. */
  static byte[] calling(String className, ForbiddenApi api, Site site) {
    return build(
        className,
        OBJECT,
        cw -> {
          switch (site) {
            case METHOD -> method(cw, ACC_PUBLIC | ACC_STATIC, "run", "()V", mv -> use(mv, api));
            case STATIC_INITIALIZER ->
                method(cw, ACC_STATIC, "<clinit>", "()V", mv -> use(mv, api));
            case LAMBDA -> {
              String internal = className.replace('.', '/');
              method(
                  cw,
                  ACC_PUBLIC | ACC_STATIC,
                  "run",
                  "()Ljava/lang/Runnable;",
                  mv -> {
                    mv.visitInvokeDynamicInsn(
                        "run",
                        "()Ljava/lang/Runnable;",
                        LAMBDA_METAFACTORY,
                        Type.getType("()V"),
                        new Handle(H_INVOKESTATIC, internal, "lambda$run$0", "()V", false),
                        Type.getType("()V"));
                    mv.visitInsn(ARETURN);
                  });
              method(
                  cw,
                  ACC_PRIVATE | ACC_STATIC | ACC_SYNTHETIC,
                  "lambda$run$0",
                  "()V",
                  mv -> use(mv, api));
            }
          }
        });
  }

  /** A class whose {@code run()} returns a method reference to {@code target} as a Runnable. */
  static byte[] methodReference(String className, Handle target, String samDescriptor) {
    return build(
        className,
        OBJECT,
        cw ->
            method(
                cw,
                ACC_PUBLIC | ACC_STATIC,
                "run",
                "()Ljava/util/function/LongSupplier;",
                mv -> {
                  mv.visitInvokeDynamicInsn(
                      "getAsLong",
                      "()Ljava/util/function/LongSupplier;",
                      LAMBDA_METAFACTORY,
                      Type.getType(samDescriptor),
                      target,
                      Type.getType(samDescriptor));
                  mv.visitInsn(ARETURN);
                }));
  }

  /** A class whose {@code run()} uses an invokedynamic with its own bootstrap method. */
  static byte[] customBootstrap(String className) {
    String internal = className.replace('.', '/');
    String bootstrapDescriptor =
        "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;)"
            + "Ljava/lang/invoke/CallSite;";
    return build(
        className,
        OBJECT,
        cw -> {
          method(
              cw,
              ACC_PUBLIC | ACC_STATIC,
              "run",
              "()V",
              mv ->
                  mv.visitInvokeDynamicInsn(
                      "anything",
                      "()V",
                      new Handle(
                          H_INVOKESTATIC, internal, "bootstrap", bootstrapDescriptor, false)));
          method(
              cw,
              ACC_PUBLIC | ACC_STATIC,
              "bootstrap",
              bootstrapDescriptor,
              mv -> {
                mv.visitInsn(ACONST_NULL);
                mv.visitInsn(ARETURN);
              });
        });
  }

  /** A class declaring {@code public static native long now()}. */
  static byte[] nativeMethod(String className) {
    return build(
        className,
        OBJECT,
        cw ->
            cw.visitMethod(ACC_PUBLIC | ACC_STATIC | ACC_NATIVE, "now", "()J", null, null)
                .visitEnd());
  }

  /**
   * An abstract class with the given superclass and interfaces whose {@code run()} calls {@code
   * name descriptor} on itself, as javac compiles {@code this.wait()}: the owner is the class.
   */
  static byte[] callingInherited(
      String className, String superName, String[] interfaces, String name, String descriptor) {
    String internal = internal(className);
    return build(
        className,
        superName,
        cw -> {
          cw.visit(V17, ACC_PUBLIC | Opcodes.ACC_ABSTRACT, internal, null, superName, interfaces);
          method(
              cw,
              ACC_PUBLIC,
              "run",
              "()V",
              mv -> {
                mv.visitVarInsn(ALOAD, 0);
                mv.visitMethodInsn(INVOKEVIRTUAL, internal, name, descriptor, false);
                pop(mv, Type.getReturnType(descriptor));
              });
        });
  }

  /** A class overriding {@code finalize()}. */
  static byte[] finalizer(String className) {
    return build(className, OBJECT, cw -> method(cw, ACC_PROTECTED, "finalize", "()V", mv -> {}));
  }

  /** An empty class with the given superclass (internal name). */
  static byte[] extending(String className, String superInternalName) {
    return build(className, superInternalName, cw -> {});
  }

  /** How a generated runtime or migration misbehaves. */
  enum Fault {
    NONE,
    STATIC_INITIALIZER_THROWS,
    CONSTRUCTOR_THROWS
  }

  /** A minimal {@code io.forkless.api.Runtime} reporting {@code version}. */
  static byte[] runtime(String className, RuntimeVersion version, Fault fault) {
    return build(
        className,
        OBJECT,
        cw -> {
          cw.visit(
              V17,
              ACC_PUBLIC,
              internal(className),
              null,
              OBJECT,
              new String[] {"io/forkless/api/Runtime"});
          constructorAndInitializer(cw, fault);
          method(
              cw,
              ACC_PUBLIC,
              "version",
              "()Lio/forkless/api/RuntimeVersion;",
              mv -> {
                mv.visitLdcInsn(version.major());
                mv.visitLdcInsn(version.minor());
                mv.visitLdcInsn(version.patch());
                mv.visitMethodInsn(
                    INVOKESTATIC,
                    "io/forkless/api/RuntimeVersion",
                    "of",
                    "(III)Lio/forkless/api/RuntimeVersion;",
                    false);
                mv.visitInsn(ARETURN);
              });
          method(
              cw,
              ACC_PUBLIC,
              "stateLayoutVersion",
              "()I",
              mv -> {
                mv.visitInsn(ICONST_0 + 1);
                mv.visitInsn(IRETURN);
              });
          method(
              cw, ACC_PUBLIC, "initGenesis", "(Lio/forkless/api/State;Ljava/util/Map;)V", mv -> {});
          method(
              cw,
              ACC_PUBLIC,
              "apply",
              "(Lio/forkless/api/State;Lio/forkless/api/BlockContext;[B)Lio/forkless/api/Receipt;",
              mv -> {
                mv.visitMethodInsn(
                    INVOKESTATIC,
                    "io/forkless/api/Receipt",
                    "ok",
                    "()Lio/forkless/api/Receipt;",
                    false);
                mv.visitInsn(ARETURN);
              });
          method(
              cw,
              ACC_PUBLIC,
              "invariants",
              "(Lio/forkless/api/StateView;)Ljava/util/Map;",
              mv -> {
                mv.visitMethodInsn(INVOKESTATIC, "java/util/Map", "of", "()Ljava/util/Map;", true);
                mv.visitInsn(ARETURN);
              });
        });
  }

  /** A minimal {@code @Extension} {@code StateMigration} named {@code name}. */
  static byte[] migration(String className, String name, Fault fault) {
    return build(
        className,
        OBJECT,
        cw -> {
          cw.visit(
              V17,
              ACC_PUBLIC | ACC_FINAL,
              internal(className),
              null,
              OBJECT,
              new String[] {"io/forkless/api/StateMigration"});
          cw.visitAnnotation("Lorg/pf4j/Extension;", true).visitEnd();
          constructorAndInitializer(cw, fault);
          method(
              cw,
              ACC_PUBLIC,
              "name",
              "()Ljava/lang/String;",
              mv -> {
                mv.visitLdcInsn(name);
                mv.visitInsn(ARETURN);
              });
          method(
              cw,
              ACC_PUBLIC,
              "migrate",
              "(Lio/forkless/api/State;Lio/forkless/api/MigrationContext;)V",
              mv -> {});
          method(
              cw,
              ACC_PUBLIC,
              "validate",
              "(Lio/forkless/api/StateView;Lio/forkless/api/StateView;)V",
              mv -> {});
        });
  }

  private static void constructorAndInitializer(ClassVisitor cw, Fault fault) {
    method(
        cw,
        ACC_PUBLIC,
        "<init>",
        "()V",
        mv -> {
          mv.visitVarInsn(ALOAD, 0);
          mv.visitMethodInsn(INVOKESPECIAL, OBJECT, "<init>", "()V", false);
          if (fault == Fault.CONSTRUCTOR_THROWS) {
            throwIllegalState(mv, "constructor boom");
          }
        });
    if (fault == Fault.STATIC_INITIALIZER_THROWS) {
      method(cw, ACC_STATIC, "<clinit>", "()V", mv -> throwIllegalState(mv, "static boom"));
    }
  }

  private static void throwIllegalState(MethodVisitor mv, String message) {
    mv.visitTypeInsn(NEW, "java/lang/IllegalStateException");
    mv.visitInsn(DUP);
    mv.visitLdcInsn(message);
    mv.visitMethodInsn(
        INVOKESPECIAL, "java/lang/IllegalStateException", "<init>", "(Ljava/lang/String;)V", false);
    mv.visitInsn(ATHROW);
  }

  /** Pushes dummy arguments, reaches the member, discards the result. */
  private static void use(MethodVisitor mv, ForbiddenApi api) {
    Type descriptor = Type.getType(api.descriptor());
    switch (api.kind()) {
      case STATIC_FIELD -> {
        mv.visitFieldInsn(GETSTATIC, api.owner(), api.name(), api.descriptor());
        pop(mv, descriptor);
        return;
      }
      case CONSTRUCTOR -> {
        mv.visitTypeInsn(NEW, api.owner());
        mv.visitInsn(DUP);
      }
      case VIRTUAL, INTERFACE -> mv.visitInsn(ACONST_NULL);
      case STATIC -> {}
    }
    for (Type argument : descriptor.getArgumentTypes()) {
      pushZero(mv, argument);
    }
    switch (api.kind()) {
      case STATIC ->
          mv.visitMethodInsn(INVOKESTATIC, api.owner(), api.name(), api.descriptor(), false);
      case VIRTUAL ->
          mv.visitMethodInsn(INVOKEVIRTUAL, api.owner(), api.name(), api.descriptor(), false);
      case INTERFACE ->
          mv.visitMethodInsn(INVOKEINTERFACE, api.owner(), api.name(), api.descriptor(), true);
      case CONSTRUCTOR -> {
        mv.visitMethodInsn(INVOKESPECIAL, api.owner(), "<init>", api.descriptor(), false);
        mv.visitInsn(POP);
        return;
      }
      case STATIC_FIELD -> throw new AssertionError();
    }
    pop(mv, descriptor.getReturnType());
  }

  private static void pushZero(MethodVisitor mv, Type type) {
    switch (type.getSort()) {
      case Type.LONG -> mv.visitInsn(LCONST_0);
      case Type.FLOAT -> mv.visitInsn(FCONST_0);
      case Type.DOUBLE -> mv.visitInsn(DCONST_0);
      case Type.OBJECT, Type.ARRAY -> mv.visitInsn(ACONST_NULL);
      default -> mv.visitInsn(ICONST_0);
    }
  }

  private static void pop(MethodVisitor mv, Type type) {
    if (type.getSize() == 2) {
      mv.visitInsn(POP2);
    } else if (type.getSize() == 1) {
      mv.visitInsn(POP);
    }
  }

  private static void method(
      ClassVisitor cw, int access, String name, String descriptor, Consumer<MethodVisitor> body) {
    MethodVisitor mv = cw.visitMethod(access, name, descriptor, null, null);
    mv.visitCode();
    body.accept(mv);
    Type returnType = Type.getReturnType(descriptor);
    if (returnType.getSort() == Type.VOID) {
      mv.visitInsn(RETURN);
    }
    mv.visitMaxs(0, 0);
    mv.visitEnd();
  }

  private static byte[] build(String className, String superName, Consumer<ClassVisitor> members) {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
    HeaderOnce header = new HeaderOnce(cw, className, superName);
    members.accept(header);
    header.ensureVisited();
    cw.visitEnd();
    return cw.toByteArray();
  }

  private static String internal(String className) {
    return className.replace('.', '/');
  }

  /**
   * Visits the class header once: either the generator's own {@code visit} (runtimes and
   * migrations, which implement an interface) or a default one before the first member.
   */
  private static final class HeaderOnce extends ClassVisitor {
    private final String className;
    private final String superName;
    private boolean visited;

    HeaderOnce(ClassWriter target, String className, String superName) {
      super(Opcodes.ASM9, target);
      this.className = className;
      this.superName = superName;
    }

    @Override
    public void visit(
        int version,
        int access,
        String name,
        String signature,
        String superName,
        String[] interfaces) {
      visited = true;
      super.visit(version, access, name, signature, superName, interfaces);
    }

    void ensureVisited() {
      if (!visited) {
        visit(V17, ACC_PUBLIC, internal(className), null, superName, null);
      }
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      ensureVisited();
      return super.visitMethod(access, name, descriptor, signature, exceptions);
    }

    @Override
    public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
      ensureVisited();
      return super.visitAnnotation(descriptor, visible);
    }
  }
}
