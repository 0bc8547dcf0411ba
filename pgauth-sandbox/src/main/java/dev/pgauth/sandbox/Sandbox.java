package dev.pgauth.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway real PostgreSQL server: TLS on with a freshly generated CA, {@code hostssl} only,
 * SCRAM for password roles and {@code cert clientcert=verify-full} with an ident map for
 * certificate roles. It listens on 127.0.0.1, whose name is in the server certificate, and on
 * 127.0.0.2, which is not (to prove host-name verification).
 */
public final class Sandbox implements AutoCloseable {
    /** Members of this group log in with a client certificate instead of a password. */
    public static final String CERT_GROUP = "pgauth_cert_users";
    /** Client certificate CNs are {@code <role>} followed by this suffix; pg_ident.conf maps them back. */
    public static final String CLIENT_CN_SUFFIX = ".clients.pgauth.test";
    public static final String HOST = "127.0.0.1";
    /** Served by the same server but absent from its certificate's names. */
    public static final String HOST_NOT_IN_CERTIFICATE = "127.0.0.2";

    /** How long the server certificate is valid from start (tests move a clock towards its end). */
    public static final Duration SERVER_CERTIFICATE_VALIDITY = Duration.ofDays(365);
    private static final String ADMIN = "postgres";

    private final Path dir;
    private final Path files;
    private final Path data;
    private final int port;
    private final CertificateAuthority ca;
    private final Path caFile;
    private final String adminPassword;
    private final ServerUser serverUser;
    private final Path installation;
    private Process server;

    private Sandbox(Path dir, int port) {
        this.dir = dir;
        this.files = dir.resolve("files");
        this.data = dir.resolve("data");
        this.port = port;
        this.ca = CertificateAuthority.create("pgauth sandbox CA");
        this.caFile = files.resolve("ca.pem");
        this.adminPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        this.serverUser = ServerUser.current();
        this.installation = PostgresBinaries.installation();
    }

    /** Starts a new server on a free port; stop it with {@link #close()}. */
    public static Sandbox start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("pgauth-sandbox-");
            Files2.chmod(dir, "rwxr-xr-x");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Sandbox sandbox = new Sandbox(dir, freePort());
        try {
            sandbox.initialise();
            sandbox.launch();
            sandbox.bootstrapRoles();
            return sandbox;
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** PEM file with the CA that signs the server (and the client) certificates. */
    public Path caFile() {
        return caFile;
    }

    public CertificateAuthority certificateAuthority() {
        return ca;
    }

    /** A directory owned by this process, for credential files, configs and keys. */
    public Path files() {
        return files;
    }

    public String version() {
        return PostgresBinaries.version();
    }

    /** A LOGIN role with a SCRAM password, optionally in {@code pg_monitor}. */
    public void createPasswordRole(String role, String password, boolean pgMonitor) {
        execute("CREATE ROLE " + ident(role) + " LOGIN PASSWORD " + literal(password));
        if (pgMonitor) {
            execute("GRANT pg_monitor TO " + ident(role));
        }
    }

    /** A LOGIN role that authenticates with a client certificate whose CN is {@link #clientCommonName}. */
    public void createCertificateRole(String role, boolean pgMonitor) {
        execute("CREATE ROLE " + ident(role) + " LOGIN IN ROLE " + CERT_GROUP);
        if (pgMonitor) {
            execute("GRANT pg_monitor TO " + ident(role));
        }
    }

    public static String clientCommonName(String role) {
        return role + CLIENT_CN_SUFFIX;
    }

    /** A client certificate for a certificate role, signed by the sandbox CA. */
    public CertificateAuthority.IssuedCertificate issueClientCertificate(String role, boolean rsa) {
        return ca.issueClient(clientCommonName(role), rsa);
    }

    /** Runs SQL as the bootstrap superuser (tests only). */
    public void execute(String sql) {
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("sandbox SQL failed: " + sql.replaceAll("PASSWORD '.*'", "PASSWORD '***'"), e);
        }
    }

    private Connection adminConnection() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", ADMIN);
        p.setProperty("password", adminPassword);
        p.setProperty("sslmode", "verify-full");
        p.setProperty("sslrootcert", caFile.toString());
        return new org.postgresql.Driver().connect("jdbc:postgresql://" + HOST + ":" + port + "/postgres", p);
    }

    private void initialise() {
        try {
            Files.createDirectories(files);
            Files2.chmod(files, "rwx------");
            Files.createDirectories(data);
            Path pwfile = dir.resolve("pwfile");
            Files.writeString(pwfile, adminPassword + "\n");
            serverUser.own(data);
            serverUser.own(pwfile);
            run(List.of(bin("initdb"), "-D", data.toString(), "-U", ADMIN, "--pwfile=" + pwfile,
                    "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"));
            Files.delete(pwfile);
            writeServerFiles();
            serverUser.own(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeServerFiles() throws IOException {
        CertificateAuthority.writeCertificates(caFile, ca.certificate());
        CertificateAuthority.writeCertificates(data.resolve("ca.crt"), ca.certificate());
        CertificateAuthority.IssuedCertificate server = ca.issueServer("localhost",
                List.of("localhost"), List.of(HOST, "::1"), SERVER_CERTIFICATE_VALIDITY);
        server.writeCertificate(data.resolve("server.crt"));
        server.writeKey(data.resolve("server.key"), KeyFormat.PKCS8, null);
        Files.writeString(data.resolve("pg_hba.conf"), String.join("\n",
                "# pgauth sandbox: TLS only. Certificate roles first, then SCRAM for everyone else.",
                "hostssl all +" + CERT_GROUP + " 127.0.0.0/8 cert clientcert=verify-full map=pgauth",
                "hostssl all all 127.0.0.0/8 scram-sha-256",
                "hostnossl all all 0.0.0.0/0 reject", ""));
        Files.writeString(data.resolve("pg_ident.conf"), String.join("\n",
                "# Client certificate CN <role>" + CLIENT_CN_SUFFIX + " logs in as <role>.",
                "pgauth /^(.+)" + CLIENT_CN_SUFFIX.replace(".", "\\.") + "$ \\1", ""));
        Files.writeString(data.resolve("postgresql.conf"), String.join("\n",
                "",
                "listen_addresses = '" + HOST + "," + HOST_NOT_IN_CERTIFICATE + "'",
                "port = " + port,
                "unix_socket_directories = ''",
                "max_connections = 300",
                "shared_buffers = 32MB",
                "fsync = off",
                "synchronous_commit = off",
                "full_page_writes = off",
                "ssl = on",
                "ssl_cert_file = 'server.crt'",
                "ssl_key_file = 'server.key'",
                "ssl_ca_file = 'ca.crt'",
                "password_encryption = 'scram-sha-256'",
                "log_min_messages = warning",
                ""), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    private void launch() {
        Path log = dir.resolve("postgres.log");
        try {
            server = new ProcessBuilder(serverUser.command(List.of(bin("postgres"), "-D", data.toString())))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("sandbox PostgreSQL exited at start:\n" + tail(log));
            }
            if (tail(log).contains("ready to accept connections") && accepts()) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException("sandbox PostgreSQL did not start within 60s:\n" + tail(log));
    }

    private void bootstrapRoles() {
        execute("CREATE ROLE " + CERT_GROUP + " NOLOGIN");
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the server (fast shutdown) and deletes its files. */
    @Override
    public void close() {
        if (server != null && server.isAlive()) {
            try {
                run(List.of(bin("pg_ctl"), "stop", "-D", data.toString(), "-m", "fast", "-w", "-t", "20"));
            } catch (RuntimeException e) {
                server.destroyForcibly();
            }
            try {
                server.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        PostgresBinaries.deleteTree(dir);
    }

    private void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(serverUser.command(command)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(command.get(0) + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String bin(String name) {
        return installation.resolve("bin").resolve(name).toString();
    }

    private static String tail(Path log) {
        try {
            if (!Files.exists(log)) {
                return "";
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Quotes an identifier for SQL. */
    public static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** Quotes a string literal for SQL. */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
