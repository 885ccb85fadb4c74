package io.forkless.node;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from the system's packages ({@code chromium} + {@code chromium-driver}), driven
 * by Selenium; never a downloaded browser. Started with the flags a closed network needs (no
 * background networking, updates, sync or QUIC) and a fresh profile folder.
 */
final class Browser {

  static final Path CHROMIUM =
      Path.of(System.getProperty("forkless.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER =
      Path.of(System.getProperty("forkless.chromedriver", "/usr/bin/chromedriver"));

  private Browser() {}

  /** Why no browser can run here, or empty when both executables exist. */
  static Optional<String> missing() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      return Optional.of(
          CHROMIUM
              + " or "
              + CHROMEDRIVER
              + " is missing: install them (apt-get install -y chromium chromium-driver; .ci/run"
              + " does) to run the dashboard's browser tests");
    }
    return Optional.empty();
  }

  /** A headless Chromium with a new profile under {@code profileDir}. */
  static ChromeDriver start(Path profileDir, Path driverLog) {
    try {
      Files.createDirectories(profileDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withLogFile(new File(driverLog.toString()))
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        "--user-data-dir=" + profileDir.toAbsolutePath());
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return driver;
  }
}
