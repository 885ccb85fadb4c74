/**
 * The canonical encodings of the host's consensus data: one value has exactly one encoding, so
 * signatures and state roots agree on every node. Enums are written with explicit wire codes, never
 * {@code ordinal()}; readers check every length against what is left. Golden-bytes tests pin each
 * encoding.
 */
@NullMarked
package io.forkless.host.codec;

import org.jspecify.annotations.NullMarked;
