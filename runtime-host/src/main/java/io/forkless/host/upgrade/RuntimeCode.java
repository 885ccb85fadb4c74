package io.forkless.host.upgrade;

import com.google.common.hash.HashCode;
import java.nio.file.Path;

/**
 * A JAR and the code hash it must have (the hash governance approved).
 *
 * @param jar the file; it is read once, verified, and never read again
 * @param codeHash its expected SHA-256
 */
public record RuntimeCode(Path jar, HashCode codeHash) {}
