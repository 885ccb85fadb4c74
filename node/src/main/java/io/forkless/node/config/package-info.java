/** The node's TOML configuration file ({@code forkless.example.toml} documents every key). */
@NullMarked
package io.forkless.node.config;

import org.jspecify.annotations.NullMarked;
