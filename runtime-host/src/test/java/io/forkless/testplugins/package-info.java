/**
 * Migrations for failure-injection tests. They are never loaded from the class path by the tests
 * that use them: {@code io.forkless.host.upgrade.TestPlugins} packs their class files into signed
 * plugin JARs that go through the real verifier and isolated loaders, so they may only use what the
 * bytecode allow-list permits.
 */
package io.forkless.testplugins;
