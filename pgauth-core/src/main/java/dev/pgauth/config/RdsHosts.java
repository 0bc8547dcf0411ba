package dev.pgauth.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** RDS endpoints name their region: {@code <name>.<id>.<region>.rds.amazonaws.com[.cn]}. */
public final class RdsHosts {
    private static final Pattern RDS_HOST = Pattern.compile(".*\\.([a-z]{2}(?:-[a-z]+)+-\\d{1,2})\\.rds\\.amazonaws\\.com(?:\\.cn)?");

    private RdsHosts() {
    }

    /** The region in an RDS host name, if it is one (a missing host, already reported, names none). */
    public static Optional<String> region(String host) {
        if (host == null) {
            return Optional.empty();
        }
        Matcher m = RDS_HOST.matcher(host);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
