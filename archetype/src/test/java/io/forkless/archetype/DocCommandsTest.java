package io.forkless.archetype;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DocCommandsTest {

  static final Path GUIDE =
      Path.of(System.getProperty("forkless.docs", "../docs/runtime-developers.md"));

  @Test
  void everyCommandOfTheGuideIsInAnExecutedShellBlock() throws Exception {
    DocCommands doc = DocCommands.read(GUIDE);

    assertThat(doc.shellBlocks()).hasSizeGreaterThanOrEqualTo(8);
    assertThat(doc.commandsOutsideShellBlocks()).isEmpty();
  }

  @Test
  void theGuideNamesTheVersionThisBuildInstalls() throws Exception {
    DocCommands doc = DocCommands.read(GUIDE);

    assertThat(doc.shellBlocks().get(0))
        .contains("-DarchetypeVersion=" + System.getProperty("forkless.version", "?"));
  }
}
