package io.forkless.node.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.forkless.host.ForklessException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reading the node's TOML config file: one parser and one wording of its errors for every section.
 */
public final class ConfigFiles {

  private ConfigFiles() {}

  /**
   * Parses a TOML file into a tree; decimals stay exact ({@code BigDecimal}), so thresholds such as
   * 0.667 are read without rounding.
   *
   * @throws ForklessException naming the file when it cannot be read or is not valid TOML
   */
  public static JsonNode readToml(Path file) {
    try {
      return TomlMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build()
          .readTree(file.toFile());
    } catch (JacksonException e) {
      throw new ForklessException(
          "config " + file + " is not valid TOML: " + e.getOriginalMessage() + "; fix the file", e);
    } catch (IOException e) {
      throw new ForklessException("cannot read config " + file + ": " + e.getMessage(), e);
    }
  }
}
