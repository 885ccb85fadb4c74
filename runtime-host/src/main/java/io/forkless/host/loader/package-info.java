/**
 * Loading runtime and migration-plugin JARs safely: code hash, strict archive shape, strict
 * signature, bytecode verification and isolated class loaders. Nothing of a JAR's code runs before
 * every check has passed.
 *
 * <p>Two halves meet at {@link io.forkless.host.loader.VerifiedJar}: {@code JarVerifier} reads a
 * file once and checks hash, shape and signature; {@link io.forkless.host.loader.RuntimeLoader}
 * takes the verified in-memory image and, in this order, checks where classes live ({@code
 * JarClasses}: no class in {@code java.*}, {@code javax.*}, {@code jdk.*}, {@code sun.*}, {@code
 * io.forkless.api.*}, {@code io.forkless.host.*} or {@code org.pf4j.*}), runs the {@link
 * io.forkless.host.loader.BytecodeVerifier} against the one allow-list ({@code JdkAllowList}),
 * reads the declared implementation, and only then defines classes in a fresh {@code
 * JarClassLoader} and initialises the implementation. Wiring: {@code
 * loader.loadRuntime(verifier.verify(path, approvedHash, blockTime))}.
 *
 * <p><b>Class loaders.</b> One {@code JarClassLoader} per JAR, child-first for the JAR's own
 * classes, defining them from memory (no file, no {@code jar:} URL; resources are not served:
 * {@code getResource} returns {@code null}). Its parent, a {@code FilteringParentClassLoader},
 * shows only {@code io.forkless.api.*}, {@code org.pf4j.ExtensionPoint}, {@code org.pf4j.Extension}
 * and the JDK packages of the allow-list, loaded from the host; everything else is a {@link
 * java.lang.ClassNotFoundException}. Closing a loaded runtime or plugin closes its loader; nothing
 * in this package caches a loader, a class or an instance, so once callers drop their references
 * the loader is collected (tested).
 *
 * <p><b>Runtimes</b> register exactly one implementation, ServiceLoader-style, in {@code
 * META-INF/services/io.forkless.api.Runtime} (read by the host, not by {@link
 * java.util.ServiceLoader}, so nothing is instantiated before the checks); its {@code version()}
 * must equal the manifest's {@code Forkless-Runtime-Version}.
 *
 * <p><b>Migration plugins and PF4J.</b> Only PF4J's formats and marker types are used: the manifest
 * attributes {@code Plugin-Id}/{@code Plugin-Version}, the extension index {@code
 * META-INF/extensions.idx} (written by PF4J's annotation processor, read with PF4J's own parser)
 * and {@code @Extension}/{@code ExtensionPoint}. PF4J's {@code PluginManager} and {@code
 * PluginClassLoader} are not used: that loader lets a plugin shadow every package except {@code
 * java.*} and {@code org.pf4j.*} and has the application class loader as its parent, and the
 * manager keys plugins by id alone. Here each plugin gets the same isolated loader as a runtime,
 * and a loaded plugin is identified by id and version, so two versions of one id load side by side
 * (the same id and version only once at a time).
 *
 * <p>Failures are {@link io.forkless.host.loader.RuntimeRejectedException}s listing every reason;
 * an exception thrown by the JAR's own code is kept as a host-side copy (class name, message, stack
 * trace) so that holding the rejection does not pin the refused JAR's loader.
 */
@NullMarked
package io.forkless.host.loader;

import org.jspecify.annotations.NullMarked;
