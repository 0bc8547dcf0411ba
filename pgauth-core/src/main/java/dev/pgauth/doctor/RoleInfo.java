package dev.pgauth.doctor;

/** What the safety probe learned about the session's role and server. */
public record RoleInfo(String currentUser, boolean superuser, boolean replication, boolean bypassRls, boolean pgMonitor,
                       String serverVersion, boolean inRecovery, boolean readOnlySession) {
}
