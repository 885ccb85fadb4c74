package io.forkless.host.state;

import java.nio.file.Path;

/**
 * Child-JVM main: opens a RocksDB store on {@code args[0]}, prints OPEN and holds it until killed.
 */
public final class HoldStoreOpen {

  private HoldStoreOpen() {}

  public static void main(String[] args) throws Exception {
    try (RocksStateStore store = RocksStateStore.open(Path.of(args[0]), StoreOptions.defaults())) {
      System.out.println("OPEN " + store.stateRoot());
      System.out.flush();
      // Block until the parent closes our stdin or kills us.
      while (System.in.read() >= 0) {
        // keep holding
      }
    }
  }
}
