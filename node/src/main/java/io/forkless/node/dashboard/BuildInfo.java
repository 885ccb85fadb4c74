package io.forkless.node.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The node's own version, written into the JAR by the build (a filtered resource). */
public final class BuildInfo {

  private BuildInfo() {}

  /** The version, e.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} outside a Maven-built JAR. */
  public static String version() {
    try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      return v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      return "unknown";
    }
  }
}
