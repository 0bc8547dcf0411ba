package dev.pgauth.credential;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * HTTP clients under the cloud SDKs log request headers and response bodies at fine levels — the
 * JDK's HttpURLConnection logs the Authorization header at FINE, google-http-client logs token
 * responses at CONFIG. Those loggers drop everything below INFO whatever the application's logging
 * says, so turning up logging to debug a connection never discloses a token. A filter does it, not
 * only a level: {@code LogManager.reset()} and {@code readConfiguration()} clear levels, not filters.
 */
public final class TransportLogs {
    /** Held so the levels are not lost when the loggers are garbage collected. */
    private static final List<Logger> QUIET = List.of(
            Logger.getLogger("sun.net.www.protocol.http.HttpURLConnection"),
            Logger.getLogger("com.google.api.client.http.HttpTransport"));

    static {
        for (Logger logger : QUIET) {
            logger.setLevel(Level.INFO);
            logger.setFilter(record -> record.getLevel().intValue() >= Level.INFO.intValue());
        }
    }

    private TransportLogs() {
    }

    /** Applies the levels (idempotent; the work happens once, on first call). */
    public static void quiet() {
        // class initialisation did it
    }
}
