package io.forkless.cluster;

import io.forkless.host.chain.Block;
import java.util.Arrays;

/** One entry of the validators' replicated log. */
public sealed interface ClusterEntry {

  /**
   * A block proposed by a leader, signed with its validator key over {@link
   * ClusterCodec#signedBytes(Block)}.
   *
   * @param proposer the leader's validator name
   * @param block the block, header included (its state root as the leader executed it)
   * @param signature Ed25519, 64 bytes
   */
  record ProposedBlock(String proposer, Block block, byte[] signature) implements ClusterEntry {
    public ProposedBlock {
      signature = signature.clone();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ProposedBlock p
          && p.proposer.equals(proposer)
          && p.block.equals(block)
          && Arrays.equals(p.signature, signature);
    }

    @Override
    public int hashCode() {
      return block.hash().hashCode();
    }

    @Override
    public String toString() {
      return "block " + block.height() + " " + block.hash() + " by " + proposer;
    }
  }

  /**
   * A transaction submitted to some validator, in its canonical encoding exactly as the client sent
   * it (signed transactions stay byte-identical).
   */
  record SubmittedTransaction(byte[] encoded) implements ClusterEntry {
    public SubmittedTransaction {
      encoded = encoded.clone();
    }

    @Override
    public byte[] encoded() {
      return encoded.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SubmittedTransaction t && Arrays.equals(t.encoded, encoded);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
      return "transaction of " + encoded.length + " bytes";
    }
  }
}
