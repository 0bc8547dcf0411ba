package dev.pgauth.testkit.gate;

import java.util.Optional;

/** How a cloud database checks the token a client sends as its password, for {@link IamGate}. */
public interface TokenCheck {

    /** Why {@code token} may not log in as {@code user}; empty when it may. */
    Optional<String> reject(String token, String user);

    /** The FATAL message (SQLSTATE 28000) the real service answers a refused token with. */
    String refusal(String user);
}
