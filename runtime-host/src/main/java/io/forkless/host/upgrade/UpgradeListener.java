package io.forkless.host.upgrade;

/**
 * Receives upgrade events, on the thread that caused them (usually the block thread): keep it quick
 * and never throw (an exception is logged and otherwise ignored).
 */
@FunctionalInterface
public interface UpgradeListener {

  void onEvent(UpgradeEvent event);
}
