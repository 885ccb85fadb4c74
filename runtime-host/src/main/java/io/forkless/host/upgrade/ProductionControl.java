package io.forkless.host.upgrade;

/** Pauses and resumes block production, e.g. the node's block producer. Both idempotent. */
public interface ProductionControl {

  /** No block producer (tests, import): pausing does nothing. */
  ProductionControl NONE =
      new ProductionControl() {
        @Override
        public void pause() {}

        @Override
        public void resume() {}
      };

  void pause();

  void resume();
}
