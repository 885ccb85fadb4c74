package io.forkless.host;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Layer rules (style rule 2): the API knows nothing of the host; the host knows no concrete
 * runtime.
 */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.forkless");
  }

  @Test
  void apiDependsOnNothingOfTheHost() {
    noClasses()
        .that()
        .resideInAPackage("io.forkless.api..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.forkless.host..", "io.forkless.node..", "com.google..", "org.slf4j..")
        .check(classes);
  }

  @Test
  void hostDependsOnNoRuntimeOrPluginClass() {
    noClasses()
        .that()
        .resideInAPackage("io.forkless.host..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.forkless.sample..", "io.forkless.node..")
        .check(classes);
  }

  @Test
  void lowerHostLayersNeverCallUpward() {
    noClasses()
        .that()
        .resideInAnyPackage("io.forkless.host.state..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.forkless.host.chain..",
            "io.forkless.host.loader..",
            "io.forkless.host.migration..",
            "io.forkless.host.upgrade..",
            "io.forkless.host.governance..")
        .allowEmptyShould(true)
        .check(classes);
    noClasses()
        .that()
        .resideInAnyPackage("io.forkless.host.loader..", "io.forkless.host.chain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.forkless.host.migration..",
            "io.forkless.host.upgrade..",
            "io.forkless.host.governance..")
        .allowEmptyShould(true)
        .check(classes);
    // Metering sits under the loader and the chain: it knows the API and the host namespace only.
    noClasses()
        .that()
        .resideInAnyPackage("io.forkless.host.metering..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.forkless.host.chain..",
            "io.forkless.host.loader..",
            "io.forkless.host.migration..",
            "io.forkless.host.upgrade..",
            "io.forkless.host.governance..")
        .check(classes);
  }
}
