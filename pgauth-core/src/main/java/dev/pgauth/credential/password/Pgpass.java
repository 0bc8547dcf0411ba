package dev.pgauth.credential.password;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * libpq's password file rules: lines of {@code hostname:port:database:username:password}; {@code *}
 * as a whole field matches anything; {@code \:} and {@code \\} escape; {@code #} lines and blank
 * lines are skipped; a line with fewer than five fields never matches; the first match wins.
 */
public final class Pgpass {

    /** A matching entry: the password and the 1-based line it came from. */
    public record Match(char[] password, int line) {
        @Override
        public String toString() {
            return "Pgpass.Match[line=" + line + "]";
        }
    }

    private Pgpass() {
    }

    /** The password for the first line matching host, port, database and user; never throws for any content. */
    public static Optional<Match> find(String content, String host, int port, String database, String user) {
        String[] wanted = {host, Integer.toString(port), database, user};
        int lineNumber = 0;
        for (String line : content.split("\n", -1)) {
            lineNumber++;
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            List<String> fields = fields(line);
            if (fields == null) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < 4 && matches; i++) {
                matches = fields.get(i).equals("*") && isWildcard(line, i) || fields.get(i).equals(wanted[i]);
            }
            if (matches) {
                return Optional.of(new Match(fields.get(4).toCharArray(), lineNumber));
            }
        }
        return Optional.empty();
    }

    /**
     * Splits on unescaped colons: the first four fields, then the password up to the next unescaped
     * colon (as libpq does). Null when the line has fewer than five fields.
     */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>(5);
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                current.append(line.charAt(++i));
            } else if (c == ':') {
                fields.add(current.toString());
                current.setLength(0);
                if (fields.size() == 5) {
                    break;
                }
            } else {
                current.append(c);
            }
        }
        if (fields.size() < 5) {
            if (fields.size() == 4) {
                fields.add(current.toString());
            } else {
                return null;
            }
        }
        return fields;
    }

    /** Field {@code index} is a literal, unescaped {@code *} (an escaped {@code \*} matches only "*"). */
    private static boolean isWildcard(String line, int index) {
        int field = 0;
        int start = 0;
        for (int i = 0; i < line.length() && field < index; i++) {
            char c = line.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == ':') {
                field++;
                start = i + 1;
            }
        }
        return line.startsWith("*:", start);
    }
}
