package io.forkless.archetype;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * What a developer's machine has, built under target/ for the guide's commands: {@code mvn} that
 * resolves only from local files (the IT's own local repository, where this build installed the
 * Forkless artifacts, backed by the user's repository as a read-only file:// repository, never
 * written to), and {@code forkless}, the node binary of this build talking to a free port.
 */
final class ItEnvironment {

  private ItEnvironment() {}

  /** Writes the wrappers into {@code root/bin} and returns that folder. */
  static Path create(Path root) throws IOException {
    Path itRepo = Path.of(System.getProperty("forkless.itRepo")).toAbsolutePath();
    Path userRepo = Path.of(System.getProperty("forkless.userRepo")).toAbsolutePath();
    Path mavenHome = Path.of(System.getProperty("forkless.mavenHome")).toAbsolutePath();
    Path nodeJar = Path.of(System.getProperty("forkless.nodeJar")).toAbsolutePath();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path prefixes = root.resolve("prefixes");
    Path bin = Files.createDirectories(root.resolve("bin"));
    writePluginPrefixes(prefixes);
    Path settings = root.resolve("settings.xml");
    Files.writeString(settings, settings(userRepo, prefixes), StandardCharsets.UTF_8);
    int port = freePort();
    executable(
        bin.resolve("mvn"),
        "#!/bin/bash\n"
            + "exec '"
            + mavenHome.resolve("bin/mvn")
            + "' -B -s '"
            + settings
            + "' -Dmaven.repo.local='"
            + itRepo
            + "' \"$@\"\n");
    // Client commands get --rpc, the node --rpc-addr: one free port, never the default 9944.
    executable(
        bin.resolve("forkless"),
        "#!/bin/bash\n"
            + "JAR='"
            + nodeJar
            + "'\nJAVA='"
            + java
            + "'\ncase \"$1\" in\n"
            + "  node) exec \"$JAVA\" -Xmx512m -jar \"$JAR\" \"$@\" --rpc-addr 127.0.0.1:"
            + port
            + " ;;\n"
            + "  keys|runtime|migrate|export-blocks|import-blocks|help|--*) exec \"$JAVA\" -jar"
            + " \"$JAR\" \"$@\" ;;\n"
            + "  *) exec \"$JAVA\" -jar \"$JAR\" \"$@\" --rpc http://127.0.0.1:"
            + port
            + " ;;\n"
            + "esac\n");
    return bin;
  }

  /**
   * The user's repository as a remote file:// repository named central (so no network is ever
   * asked), checksums ignored (a local repository keeps none), and a second file repository that
   * only maps the plugin prefix {@code archetype} (remote group metadata is not kept locally).
   */
  private static String settings(Path userRepo, Path prefixes) {
    String central =
        "<id>central</id><url>"
            + userRepo.toUri()
            + "</url><releases><checksumPolicy>ignore</checksumPolicy></releases>"
            + "<snapshots><enabled>false</enabled></snapshots>";
    String prefix = "<id>forkless-it-prefixes</id><url>" + prefixes.toUri() + "</url>";
    return "<settings><profiles><profile><id>forkless-it</id>"
        + "<repositories><repository>"
        + central
        + "</repository><repository>"
        + prefix
        + "</repository></repositories>"
        + "<pluginRepositories><pluginRepository>"
        + central
        + "</pluginRepository><pluginRepository>"
        + prefix
        + "</pluginRepository></pluginRepositories>"
        + "</profile></profiles>"
        + "<activeProfiles><activeProfile>forkless-it</activeProfile></activeProfiles></settings>\n";
  }

  private static void writePluginPrefixes(Path prefixes) throws IOException {
    String version = System.getProperty("forkless.archetypePluginVersion");
    Path group = Files.createDirectories(prefixes.resolve("org/apache/maven/plugins"));
    Files.writeString(
        group.resolve("maven-metadata.xml"),
        "<metadata><plugins><plugin><name>Archetype</name><prefix>archetype</prefix>"
            + "<artifactId>maven-archetype-plugin</artifactId></plugin></plugins></metadata>\n");
    Path plugin = Files.createDirectories(group.resolve("maven-archetype-plugin"));
    Files.writeString(
        plugin.resolve("maven-metadata.xml"),
        "<metadata><groupId>org.apache.maven.plugins</groupId>"
            + "<artifactId>maven-archetype-plugin</artifactId><versioning><latest>"
            + version
            + "</latest><release>"
            + version
            + "</release><versions><version>"
            + version
            + "</version></versions></versioning></metadata>\n");
  }

  private static void executable(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
