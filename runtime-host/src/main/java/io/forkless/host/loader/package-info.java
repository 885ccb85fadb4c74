/**
 * Loading runtime and migration-plugin JARs safely: code hash, strict archive shape, strict
 * signature, bytecode verification and isolated class loaders. Nothing of a JAR's code runs before
 * every check has passed.
 */
@NullMarked
package io.forkless.host.loader;

import org.jspecify.annotations.NullMarked;
