package io.forkless.host.governance;

/**
 * A change of a chain parameter that governance accepted and that waits for its height.
 *
 * @param activationHeight the first block that runs under the new value
 * @param value the new value's encoding
 */
public record PendingParameter(long activationHeight, byte[] value) {

  public PendingParameter {
    value = value.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PendingParameter p
        && p.activationHeight == activationHeight
        && java.util.Arrays.equals(p.value, value);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(activationHeight) * 31 + java.util.Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return "PendingParameter[at " + activationHeight + ", " + value.length + " bytes]";
  }
}
