package io.forkless.host;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
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

  private static JavaClasses imported;

  @BeforeAll
  static void importClasses() {
    imported =
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
        .check(imported);
  }

  @Test
  void hostDependsOnNoRuntimeOrPluginClass() {
    noClasses()
        .that()
        .resideInAPackage("io.forkless.host..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.forkless.sample..", "io.forkless.node..")
        .check(imported);
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
        .check(imported);
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
        .check(imported);
  }

  /**
   * Governance is a state machine over chain state: it knows the API, the state and the codec (and
   * the host's exception type), never the chain, loader, upgrade or migration layers. What connects
   * it to upgrades ({@code GovernedUpgrades}) lives in the upgrade package.
   */
  @Test
  void governanceDependsOnTheApiAndStateOnly() {
    classes()
        .that()
        .resideInAPackage("io.forkless.host.governance..")
        .should()
        .onlyDependOnClassesThat(
            describe(
                "the API, state, codec, JDK, Guava, logging",
                c ->
                    c.getPackageName().startsWith("java")
                        || c.getPackageName().startsWith("com.google.common")
                        || c.getPackageName().startsWith("org.slf4j")
                        || c.getPackageName().startsWith("org.jspecify")
                        || c.getPackageName().startsWith("io.forkless.api")
                        || c.getPackageName().startsWith("io.forkless.host.governance")
                        || c.getPackageName().startsWith("io.forkless.host.state")
                        || c.getPackageName().startsWith("io.forkless.host.codec")
                        || c.getName().equals(ForklessException.class.getName())
                        || c.isPrimitive()
                        || c.isArray()))
        .check(imported);
  }
}
