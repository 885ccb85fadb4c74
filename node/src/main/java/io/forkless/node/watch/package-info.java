/**
 * The plugins-folder watcher: verifies JARs dropped into the folder once they are completely
 * written, and reports at once the deletion of a JAR that a scheduled upgrade needs.
 */
@NullMarked
package io.forkless.node.watch;

import org.jspecify.annotations.NullMarked;
