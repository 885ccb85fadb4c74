package io.forkless.node.server;

import io.forkless.host.ForklessException;
import io.forkless.host.loader.TrustAnchors;
import io.forkless.node.config.NodeConfig;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --trust-store FILE --trust-store-password P}: on a dev chain, certificates trusted in
 * addition to the DEVELOPMENT CA; otherwise the node's trust store, in place of the config file's
 * {@code node.trust_store} (where every rule of a configured chain still applies, e.g. the dev CA
 * is refused).
 *
 * @param file the PKCS12 file
 * @param password its password
 */
record TrustStoreOption(Path file, String password) {

  private static final Logger log = LoggerFactory.getLogger(TrustStoreOption.class);

  /** {@code config} with this trust store in place of its own. */
  NodeConfig replacing(NodeConfig config) {
    return new NodeConfig(
        config.dataDir(),
        config.pluginsDir(),
        config.blockTimeMillis(),
        Optional.of(file),
        Optional.of(password),
        config.rpcAddr(),
        config.genesis(),
        config.upgrade(),
        config.rpcLimits(),
        config.validatorKeyFile());
  }

  /**
   * Dev {@code settings} trusting this store's certificates as well as the dev CA.
   *
   * @throws ForklessException naming the file when it cannot be read or the password is wrong
   */
  NodeSettings addedTo(NodeSettings settings) {
    TrustAnchors extra;
    try {
      extra = TrustAnchors.fromPkcs12(file, password.toCharArray());
    } catch (IllegalArgumentException e) {
      throw new ForklessException("--trust-store: " + e.getMessage(), e);
    }
    Set<X509Certificate> all = new LinkedHashSet<>(settings.trust().certificates());
    all.addAll(extra.certificates());
    for (X509Certificate cert : extra.certificates()) {
      log.info(
          "Dev chain also trusts {} from {} (--trust-store)",
          cert.getSubjectX500Principal().getName(),
          file);
    }
    return settings.withTrust(TrustAnchors.of(all));
  }
}
