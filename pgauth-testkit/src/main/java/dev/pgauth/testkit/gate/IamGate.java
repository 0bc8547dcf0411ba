package dev.pgauth.testkit.gate;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A PostgreSQL-protocol front door that behaves like a cloud database with IAM/token auth (RDS,
 * Azure Flexible Server, Cloud SQL): TLS only, asks for a cleartext password, checks it as that
 * cloud's token ({@link TokenCheck}) and answers a bad one with SQLSTATE 28000 and the service's
 * message. A good login is relayed to the real server (the sandbox), where the gate logs in with
 * the role's client certificate.
 */
public final class IamGate implements AutoCloseable {
    private static final int SSL_REQUEST = 80877103;
    private static final int GSSENC_REQUEST = 80877104;
    private static final int CANCEL_REQUEST = 80877102;

    private final ServerSocket server;
    private final SSLContext frontTls;
    private final TokenCheck verifier;
    private final String backendHost;
    private final int backendPort;
    private final Function<String, SSLContext> backendTlsForUser;
    private final List<String> rejections = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    /**
     * @param frontTls          the gate's server certificate (valid for 127.0.0.1)
     * @param backendTlsForUser TLS context with the client certificate that logs {@code user} in at the backend
     */
    public IamGate(SSLContext frontTls, TokenCheck verifier, String backendHost, int backendPort,
                   Function<String, SSLContext> backendTlsForUser) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.frontTls = frontTls;
        this.verifier = verifier;
        this.backendHost = backendHost;
        this.backendPort = backendPort;
        this.backendTlsForUser = backendTlsForUser;
        Thread acceptor = new Thread(this::acceptLoop, "iam-gate");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Why tokens were refused, in order (for assertions; never shown to clients). */
    public List<String> rejections() {
        return rejections;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                Thread t = new Thread(() -> serve(client), "iam-gate-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket raw) {
        try (raw) {
            raw.setTcpNoDelay(true); // a relay of small protocol messages must not wait for delayed ACKs
            DataInputStream in = new DataInputStream(raw.getInputStream());
            int length = in.readInt();
            int code = in.readInt();
            while (code == GSSENC_REQUEST) {
                raw.getOutputStream().write('N');
                length = in.readInt();
                code = in.readInt();
            }
            if (code == CANCEL_REQUEST) {
                return;
            }
            if (code != SSL_REQUEST || length != 8) {
                return; // like RDS with rds.force_ssl: no plaintext
            }
            raw.getOutputStream().write('S');
            raw.getOutputStream().flush();
            SSLSocket tls = (SSLSocket) frontTls.getSocketFactory().createSocket(raw, null, raw.getPort(), true);
            tls.setUseClientMode(false);
            tls.startHandshake();
            DataInputStream clientIn = new DataInputStream(tls.getInputStream());
            DataOutputStream clientOut = new DataOutputStream(tls.getOutputStream());
            byte[] startup = readStartup(clientIn);
            Map<String, String> params = startupParameters(startup);
            String user = params.getOrDefault("user", "");

            clientOut.writeByte('R');
            clientOut.writeInt(8);
            clientOut.writeInt(3); // AuthenticationCleartextPassword
            clientOut.flush();
            String token = readPassword(clientIn);
            Optional<String> rejection = token == null ? Optional.of("no password message") : verifier.reject(token, user);
            if (rejection.isPresent()) {
                rejections.add(rejection.get());
                error(clientOut, "28000", verifier.refusal(user));
                return;
            }
            relay(tls, startup, user);
        } catch (IOException | RuntimeException e) {
            // the client went away or spoke nonsense: the session ends
        }
    }

    private void relay(SSLSocket client, byte[] startup, String user) throws IOException {
        try (Socket backendRaw = new Socket(backendHost, backendPort)) {
            backendRaw.setTcpNoDelay(true);
            DataOutputStream out = new DataOutputStream(backendRaw.getOutputStream());
            out.writeInt(8);
            out.writeInt(SSL_REQUEST);
            out.flush();
            if (backendRaw.getInputStream().read() != 'S') {
                return;
            }
            SSLSocket backend = (SSLSocket) backendTlsForUser.apply(user).getSocketFactory().createSocket(backendRaw, backendHost, backendPort, true);
            backend.startHandshake();
            OutputStream backendOut = backend.getOutputStream();
            backendOut.write(startup);
            backendOut.flush();
            Thread up = pipe(client.getInputStream(), backendOut);
            pipe(backend.getInputStream(), client.getOutputStream()).join();
            up.interrupt();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread pipe(InputStream from, OutputStream to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try {
                int n;
                while ((n = from.read(buffer)) >= 0) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException ignored) {
                // one side closed
            } finally {
                try {
                    to.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "iam-gate-pipe");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The whole startup message (length included), to replay to the backend. */
    private static byte[] readStartup(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 8 || length > 10_000) {
            throw new IOException("bad startup length");
        }
        byte[] message = new byte[length];
        message[0] = (byte) (length >>> 24);
        message[1] = (byte) (length >>> 16);
        message[2] = (byte) (length >>> 8);
        message[3] = (byte) length;
        in.readFully(message, 4, length - 4);
        return message;
    }

    private static Map<String, String> startupParameters(byte[] startup) {
        Map<String, String> params = new LinkedHashMap<>();
        String[] parts = new String(startup, 8, startup.length - 8, StandardCharsets.UTF_8).split("\0");
        for (int i = 0; i + 1 < parts.length; i += 2) {
            params.put(parts[i], parts[i + 1]);
        }
        return params;
    }

    private static String readPassword(DataInputStream in) throws IOException {
        if (in.readByte() != 'p') {
            return null;
        }
        int length = in.readInt();
        if (length < 5 || length > 100_000) {
            return null;
        }
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new String(body, 0, body.length - 1, StandardCharsets.UTF_8);
    }

    private static void error(DataOutputStream out, String sqlState, String message) throws IOException {
        byte[] fields = ("SFATAL\0VFATAL\0C" + sqlState + "\0M" + message + "\0\0").getBytes(StandardCharsets.UTF_8);
        out.writeByte('E');
        out.writeInt(fields.length + 4);
        out.write(fields);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
