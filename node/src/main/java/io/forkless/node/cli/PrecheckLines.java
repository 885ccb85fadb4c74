package io.forkless.node.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** The pre-check and code-on-chain lines of {@code status} and {@code proposal} (issue #14). */
final class PrecheckLines {

  private PrecheckLines() {}

  static void append(StringBuilder b, JsonNode precheck) {
    if (precheck.isMissingNode() || precheck.isNull()) {
      return;
    }
    StringBuilder code = new StringBuilder();
    for (JsonNode c : precheck.path("code")) {
      if (code.length() > 0) {
        code.append(", ");
      }
      String hash = c.path("codeHash").asText();
      code.append(hash, 0, Math.min(12, hash.length()))
          .append("… ")
          .append(
              c.path("complete").asBoolean()
                  ? "complete"
                  : c.path("received").asLong()
                      + (c.path("size").isNull() ? "" : " of " + c.path("size").asLong())
                      + " bytes");
    }
    line(b, "code", "on chain: " + (code.length() == 0 ? "none" : code));
    StringBuilder pre =
        new StringBuilder()
            .append("attested by ")
            .append(precheck.path("stake").asLong())
            .append(" of ")
            .append(precheck.path("totalStake").asLong())
            .append(" stake");
    if (precheck.path("refusedStake").asLong() > 0) {
      pre.append(", refused by ").append(precheck.path("refusedStake").asLong());
    }
    pre.append(
        precheck.path("required").asBoolean()
            ? " (activation needs " + precheck.path("approvalThreshold").asText() + ")"
            : " (not required on this chain)");
    line(b, "pre-check", pre.toString());
    for (JsonNode v : precheck.path("verdicts")) {
      if (!v.path("accepted").asBoolean()) {
        line(b, "refusal", v.path("validator").asText() + ": " + v.path("reason").asText());
      }
    }
  }

  private static void line(StringBuilder b, String label, String value) {
    b.append(String.format("%-11s %s%n", label, value));
  }
}
