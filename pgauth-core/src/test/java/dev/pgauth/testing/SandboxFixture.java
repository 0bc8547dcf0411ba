package dev.pgauth.testing;

import dev.pgauth.config.ConfigException;
import dev.pgauth.config.ConfigLoader;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.config.TargetsConfig;
import dev.pgauth.connect.Connector;
import dev.pgauth.credential.CredentialProviders;
import dev.pgauth.sandbox.CertificateAuthority;
import dev.pgauth.sandbox.KeyFormat;
import dev.pgauth.sandbox.Sandbox;
import dev.pgauth.testkit.SandboxTargets;
import dev.pgauth.testkit.TestFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Targets against the shared sandbox server: creates roles and credential files in a test's temp
 * directory, and loads YAML through the real config loader.
 */
public final class SandboxFixture {
    private final SandboxTargets targets;
    public final Sandbox sandbox;
    public final Path dir;
    public final Map<String, String> env = new HashMap<>();

    public SandboxFixture(Path dir) {
        this.targets = new SandboxTargets(dir);
        this.sandbox = targets.sandbox;
        this.dir = dir;
    }

    public static String uniqueRole(String prefix) {
        return SandboxTargets.uniqueRole(prefix);
    }

    /** YAML for a target on the sandbox (verify-full against its CA), plus extra lines. */
    public String target(String name, String user, String... extra) {
        return targets.target(name, user, extra);
    }

    public String targetAt(String name, String host, String user, String... extra) {
        return targets.targetAt(name, host, user, extra);
    }

    public TargetsConfig load(String... targets) {
        String yaml = "env: dev\ntargets:\n" + String.join("", targets);
        try {
            return new ConfigLoader(env, List.of(providers().availabilityRule())).parse(yaml, dir.resolve("pgauth.yaml"));
        } catch (ConfigException e) {
            throw new AssertionError("test config invalid:\n" + e.getMessage(), e);
        }
    }

    public TargetSpec single(String target) {
        return load(target).targets().get(0);
    }

    public CredentialProviders providers() {
        return CredentialProviders.discover(env);
    }

    public Connector connector() {
        return new Connector(providers(), env, Clock.systemUTC());
    }

    public Path file(String name, String content, String permissions) {
        return TestFiles.write(dir, name, content, permissions);
    }

    public String passwordRole(String password, boolean pgMonitor) {
        return targets.passwordRole(password, pgMonitor);
    }

    /** A certificate role with its certificate and key written in {@code format}; returns the YAML lines for them. */
    public CertificateRole certificateRole(KeyFormat format, String passphrase) {
        String role = uniqueRole("cert");
        sandbox.createCertificateRole(role, true);
        CertificateAuthority.IssuedCertificate issued = sandbox.issueClientCertificate(role, format.rsa());
        return writeCertificate(role, issued, format, passphrase);
    }

    public CertificateRole writeCertificate(String role, CertificateAuthority.IssuedCertificate issued, KeyFormat format, String passphrase) {
        Path cert = dir.resolve(role + ".crt");
        Path key = dir.resolve(role + "-" + format + ".key");
        issued.writeCertificate(cert);
        issued.writeKey(key, format, passphrase == null ? null : passphrase.toCharArray());
        Path pass = passphrase == null ? null : file(role + ".pass", passphrase + "\n", "rw-------");
        return new CertificateRole(role, cert, key, pass);
    }

    /** A certificate role's files. */
    public record CertificateRole(String role, Path cert, Path key, Path passphraseFile) {
        public String[] yaml() {
            return passphraseFile == null
                    ? new String[] {"auth_method: mtls", "sslcert: " + cert, "sslkey: " + key}
                    : new String[] {"auth_method: mtls", "sslcert: " + cert, "sslkey: " + key, "sslkey_passphrase_file: " + passphraseFile};
        }
    }
}
