package dev.pgauth.credential;

import dev.pgauth.Deadline;
import java.util.Map;

/** What a provider may use while resolving: the environment it was given and the time left. */
public record ResolveContext(Map<String, String> env, Deadline deadline) {
}
