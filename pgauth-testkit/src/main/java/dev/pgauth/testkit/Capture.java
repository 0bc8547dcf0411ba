package dev.pgauth.testkit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures everything a block of code could disclose: every java.util.logging record at every
 * level (pgjdbc logs there), System.out and System.err, plus whatever text the test adds.
 */
public final class Capture implements AutoCloseable {
    private final StringBuilder text = new StringBuilder();
    private final Logger root = Logger.getLogger("");
    private final Level previousLevel = root.getLevel();
    private final List<Level> previousHandlerLevels = new ArrayList<>();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final PrintStream previousOut = System.out;
    private final PrintStream previousErr = System.err;
    private final Handler handler = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            synchronized (text) {
                text.append(formatter.format(record)).append('\n');
                if (record.getParameters() != null) {
                    for (Object p : record.getParameters()) {
                        text.append(p).append('\n');
                    }
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    public Capture() {
        for (Handler h : root.getHandlers()) {
            previousHandlerLevels.add(h.getLevel());
            h.setLevel(Level.OFF);
        }
        handler.setLevel(Level.ALL);
        root.setLevel(Level.ALL);
        root.addHandler(handler);
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    /** Adds an object's string form and, for throwables, the whole stack trace with causes. */
    public void add(Object o) {
        synchronized (text) {
            if (o instanceof Throwable t) {
                for (Throwable c = t; c != null; c = c.getCause()) {
                    text.append(c).append('\n');
                    for (StackTraceElement e : c.getStackTrace()) {
                        text.append("\tat ").append(e).append('\n');
                    }
                    for (Throwable s : c.getSuppressed()) {
                        text.append("Suppressed: ").append(s).append('\n');
                    }
                }
            } else {
                text.append(o).append('\n');
            }
        }
    }

    public String text() {
        synchronized (text) {
            return text + stdout.toString(StandardCharsets.UTF_8) + stderr.toString(StandardCharsets.UTF_8);
        }
    }

    /** Fails if any canary appears in anything captured. */
    public void assertNoneOf(List<String> canaries) {
        String all = text();
        for (String canary : canaries) {
            if (all.contains(canary)) {
                int at = all.indexOf(canary);
                throw new AssertionError("canary " + canary + " disclosed near: "
                        + all.substring(Math.max(0, at - 200), Math.min(all.length(), at + 50)));
            }
        }
    }

    @Override
    public void close() {
        root.removeHandler(handler);
        root.setLevel(previousLevel);
        Handler[] handlers = root.getHandlers();
        for (int i = 0; i < handlers.length && i < previousHandlerLevels.size(); i++) {
            handlers[i].setLevel(previousHandlerLevels.get(i));
        }
        System.setOut(previousOut);
        System.setErr(previousErr);
    }
}
