package dev.pgauth.credential;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgauth.testkit.Capture;
import java.util.List;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class TransportLogsTest {
    @Test
    void httpTransportLoggersDropHeaderLogsEvenAfterTheLoggingConfigurationIsReset() {
        TransportLogs.quiet();
        LogManager.getLogManager().reset(); // what a CLI or an application may do; it clears levels
        try (Capture capture = new Capture()) { // everything at FINEST from here
            Logger.getLogger("sun.net.www.protocol.http.HttpURLConnection").fine("{Authorization: Bearer CANARYheader}");
            Logger.getLogger("com.google.api.client.http.HttpTransport").config("{\"access_token\":\"CANARYbody\"}");
            Logger.getLogger("dev.pgauth.test.other").fine("an ordinary fine record");
            capture.assertNoneOf(List.of("CANARYheader", "CANARYbody"));
            assertTrue(capture.text().contains("an ordinary fine record"), "the capture did see fine records");
        }
    }
}
