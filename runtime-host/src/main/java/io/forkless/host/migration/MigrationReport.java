package io.forkless.host.migration;

import java.time.Duration;

/**
 * What one migration did: for operators, the dry run, and the {@code UpgradeExecuted} event.
 *
 * @param name the migration's name
 * @param keysWritten keys it put or deleted
 * @param duration how long it ran, validation included
 */
public record MigrationReport(String name, long keysWritten, Duration duration) {}
