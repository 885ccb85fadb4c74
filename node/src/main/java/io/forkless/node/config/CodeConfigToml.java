package io.forkless.node.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.forkless.host.ForklessException;
import io.forkless.host.code.CodeParameters;
import java.util.Iterator;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code [genesis.code]} table (code on chain and the pre-check, #14): the code
 * parameters a new chain records in its genesis state. Every key is optional; an absent key keeps
 * {@link #configuredDefaults()}'s value.
 *
 * <pre>
 * [genesis.code]
 * precheck_required = true          # activation needs attestations from the approval threshold
 * precheck_postpone_blocks = 20     # how far a short activation is postponed (once)
 * max_code_size = 16777216          # the largest JAR an upload may declare (bytes)
 * max_chunk_bytes = 3968            # code bytes per upload transaction
 * max_upload_bytes_per_block = 1048576
 * prune_after_blocks = 100          # unreferenced code stays this long
 * </pre>
 */
public final class CodeConfigToml {

  private static final Set<String> KEYS =
      Set.of(
          "precheck_required",
          "precheck_postpone_blocks",
          "max_code_size",
          "max_chunk_bytes",
          "max_upload_bytes_per_block",
          "prune_after_blocks");

  private CodeConfigToml() {}

  /**
   * The code parameters of a configured chain without a {@code [genesis.code]} table: the host's
   * defaults with the pre-check REQUIRED (issue #14's rule: an upgrade activates only once the
   * validators holding the approval threshold of stake verified its code).
   */
  public static CodeParameters configuredDefaults() {
    return CodeParameters.defaults().withPrecheck(true);
  }

  /**
   * @throws ForklessException naming {@code source} and the key for an unknown key or a bad value
   */
  public static CodeParameters read(JsonNode table, String source) {
    if (!table.isObject()) {
      throw new ForklessException(source + ": genesis.code must be a table");
    }
    for (Iterator<String> it = table.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw new ForklessException(
            source
                + ": unknown key genesis.code."
                + key
                + "; known keys are "
                + KEYS.stream().sorted().map(k -> "genesis.code." + k).toList());
      }
    }
    CodeParameters d = configuredDefaults();
    JsonNode required = table.get("precheck_required");
    if (required != null && !required.isBoolean()) {
      throw new ForklessException(
          source + ": genesis.code.precheck_required must be true or false but was " + required);
    }
    long chunk = positive(table, source, "max_chunk_bytes", d.maxChunkBytes());
    if (chunk > Integer.MAX_VALUE) {
      throw new ForklessException(
          source + ": genesis.code.max_chunk_bytes must be at most " + Integer.MAX_VALUE);
    }
    try {
      return new CodeParameters(
          positive(table, source, "max_code_size", d.maxCodeSize()),
          (int) chunk,
          positive(table, source, "max_upload_bytes_per_block", d.maxUploadBytesPerBlock()),
          positive(table, source, "prune_after_blocks", d.pruneAfterBlocks()),
          required == null ? d.precheckRequired() : required.booleanValue(),
          positive(table, source, "precheck_postpone_blocks", d.precheckPostponeBlocks()));
    } catch (IllegalArgumentException e) {
      throw new ForklessException(source + ": genesis.code: " + e.getMessage(), e);
    }
  }

  private static long positive(JsonNode table, String source, String key, long fallback) {
    @Nullable JsonNode v = table.get(key);
    if (v == null) {
      return fallback;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 1) {
      throw new ForklessException(
          source + ": genesis.code." + key + " must be a whole number >= 1 but was " + v);
    }
    return v.longValue();
  }
}
