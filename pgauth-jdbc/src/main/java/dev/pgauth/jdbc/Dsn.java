package dev.pgauth.jdbc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed connection string. Accepts {@code jdbc:pgauth:<target>[?params]},
 * {@code jdbc:pgauth:postgresql://…}, {@code jdbc:postgresql://…} and libpq-style
 * {@code postgresql://} / {@code postgres://} URIs. A password in the URI (a {@code $TOKEN}
 * placeholder or a real one) is dropped while parsing: pgauth never sends it and never keeps it.
 *
 * @param target         the target name of {@code jdbc:pgauth:<target>}, else null
 * @param host           null for the target form
 * @param port           null when not given
 * @param dbname         null when not given
 * @param user           from the URI's user info, null when not given
 * @param passwordDropped whether the URI carried a password (only whether, never what)
 * @param params         query parameters, percent-decoded, in order
 */
public record Dsn(String target, String host, Integer port, String dbname, String user, boolean passwordDropped, Map<String, String> params) {

    static final String PREFIX = "jdbc:pgauth:";

    /** Parses a URL; empty when it is not one of the accepted forms. Never throws, never echoes a password. */
    public static Optional<Dsn> parse(String url) {
        if (url == null) {
            return Optional.empty();
        }
        String rest;
        if (url.startsWith(PREFIX)) {
            rest = url.substring(PREFIX.length());
            if (!rest.contains("://")) {
                return targetForm(rest);
            }
        } else {
            rest = url.startsWith("jdbc:") ? url.substring(5) : url;
        }
        int scheme = rest.indexOf("://");
        if (scheme < 0 || !(rest.startsWith("postgresql://") || rest.startsWith("postgres://"))) {
            return Optional.empty();
        }
        String afterScheme = rest.substring(scheme + 3);
        int query = afterScheme.indexOf('?');
        String beforeQuery = query < 0 ? afterScheme : afterScheme.substring(0, query);
        Map<String, String> params = query < 0 ? new LinkedHashMap<>() : params(afterScheme.substring(query + 1));
        boolean passwordParam = params.remove("password") != null;
        int slash = beforeQuery.indexOf('/');
        String authority = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
        String dbname = slash < 0 || slash == beforeQuery.length() - 1 ? null : decode(beforeQuery.substring(slash + 1));
        String user = null;
        boolean password = false;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            password = colon >= 0;
            String name = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
            user = name.isEmpty() ? null : decode(name);
        }
        String host = authority;
        Integer port = null;
        int portColon = authority.startsWith("[") ? authority.indexOf(':', authority.indexOf(']')) : authority.lastIndexOf(':');
        if (portColon >= 0) {
            host = authority.substring(0, portColon);
            try {
                port = Integer.valueOf(authority.substring(portColon + 1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Dsn(null, host, port, dbname, user, password || passwordParam, params));
    }

    private static Optional<Dsn> targetForm(String rest) {
        int query = rest.indexOf('?');
        String name = query < 0 ? rest : rest.substring(0, query);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> params = query < 0 ? new LinkedHashMap<>() : params(rest.substring(query + 1));
        boolean passwordParam = params.remove("password") != null;
        return Optional.of(new Dsn(name, null, null, null, null, passwordParam, params));
    }

    private static Map<String, String> params(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            params.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** The URL with any password replaced by {@code ***}, for messages. */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        return url.replaceAll("(://[^/?#@:]*):[^/?#@]*@", "$1:***@").replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    }

    @Override
    public String toString() {
        return "Dsn[target=" + target + ", host=" + host + ", port=" + port + ", dbname=" + dbname + ", user=" + user
                + ", passwordDropped=" + passwordDropped + ", params=" + params.keySet() + "]";
    }
}
