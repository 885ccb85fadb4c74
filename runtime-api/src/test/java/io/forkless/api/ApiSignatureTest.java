package io.forkless.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Makes a change to the runtime API a deliberate act (like Besu's {@code checkAPIChanges}): the
 * public surface is listed and compared with {@code api-signature.txt}. When you change the API on
 * purpose, review the compatibility impact on third-party runtimes and regenerate the file with
 * {@code mvn -pl runtime-api test -Dforkless.api.update=true}.
 */
class ApiSignatureTest {

  private static final List<Class<?>> API_TYPES =
      List.of(
          BlockContext.class,
          HostFunctions.class,
          MigrationContext.class,
          MigrationException.class,
          MigrationPlan.class,
          Receipt.class,
          Runtime.class,
          RuntimeVersion.class,
          State.class,
          StateMigration.class,
          StateView.class,
          SteppedMigration.class,
          TransactionValidity.class);

  @Test
  void publicApiMatchesTheReviewedSignature() throws IOException {
    String actual = describe();
    Path reviewed = Path.of("api-signature.txt");
    if (Boolean.getBoolean("forkless.api.update")) {
      Files.writeString(reviewed, actual, StandardCharsets.UTF_8);
    }
    assertThat(actual)
        .as(
            "the public runtime API changed; if intended, review the impact on third-party runtimes"
                + " and run: mvn -pl runtime-api test -Dforkless.api.update=true")
        .isEqualTo(Files.readString(reviewed, StandardCharsets.UTF_8));
  }

  @Test
  void everyPublicTypeOfThePackageIsListed() throws IOException {
    try (var files = Files.list(Path.of("src/main/java/io/forkless/api"))) {
      List<String> sources =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".java") && !n.equals("package-info.java"))
              .map(n -> n.substring(0, n.length() - ".java".length()))
              .sorted()
              .collect(Collectors.toList());
      assertThat(API_TYPES.stream().map(Class::getSimpleName).sorted())
          .containsExactlyElementsOf(sources);
    }
  }

  private static String describe() {
    List<String> lines = new ArrayList<>();
    for (Class<?> type : API_TYPES) {
      lines.add(
          Modifier.toString(type.getModifiers())
              + " "
              + type.getName()
              + " extends "
              + type.getSuperclass()
              + " implements "
              + Arrays.toString(type.getGenericInterfaces()));
      for (Constructor<?> c : type.getConstructors()) {
        lines.add("  " + c.toGenericString());
      }
      for (Method m : type.getMethods()) {
        if (m.getDeclaringClass() == type) {
          lines.add("  " + m.toGenericString());
        }
      }
    }
    return lines.stream().sorted().collect(Collectors.joining("\n", "", "\n"));
  }
}
