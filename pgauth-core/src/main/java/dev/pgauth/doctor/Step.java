package dev.pgauth.doctor;

/** One step of checking a target: dns, tcp, tls, credential, login, role. */
public record Step(String name, Status status, String detail, long millis) {
}
