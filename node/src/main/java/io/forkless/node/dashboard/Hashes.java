package io.forkless.node.dashboard;

import com.google.common.hash.HashCode;

/** How hashes are shortened for people (the full hash stays in every JSON field). */
final class Hashes {

  private Hashes() {}

  /** The first 12 hex characters and an ellipsis. */
  static String short12(HashCode hash) {
    String hex = hash.toString();
    return hex.length() <= 12 ? hex : hex.substring(0, 12) + "…";
  }
}
