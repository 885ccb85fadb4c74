/**
 * The Forkless host: the embeddable library that runs a chain and upgrades its runtime live.
 * Layers, top to bottom: {@code governance}, {@code upgrade}, {@code migration}, {@code loader},
 * {@code chain}, {@code state}; each calls only the layers below it and the runtime API.
 */
@NullMarked
package io.forkless.host;

import org.jspecify.annotations.NullMarked;
