/**
 * The DEVELOPMENT chain of {@code forkless node --dev}: publicly derivable validator keys, the dev
 * genesis and the bundled sample JARs and dev trust store. Never trusted outside dev mode.
 */
@NullMarked
package io.forkless.node.dev;

import org.jspecify.annotations.NullMarked;
