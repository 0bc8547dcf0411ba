package dev.pgauth.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the targets file: {@code --config}, then {@code PGAUTH_CONFIG}, then {@code ./pgauth.yaml},
 * then the user config directory ({@code $XDG_CONFIG_HOME/pgauth/pgauth.yaml}, default
 * {@code ~/.config/pgauth/pgauth.yaml}), then {@code /etc/pgauth/pgauth.yaml}.
 */
public final class ConfigFiles {
    private ConfigFiles() {
    }

    /** The places looked at, in order. An explicit path or PGAUTH_CONFIG is the only candidate when given. */
    public static List<Path> candidates(Path explicit, Map<String, String> env, Path workingDir, Path home) {
        if (explicit != null) {
            return List.of(explicit);
        }
        String fromEnv = env.get("PGAUTH_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return List.of(Path.of(fromEnv));
        }
        List<Path> places = new ArrayList<>();
        places.add(workingDir.resolve("pgauth.yaml"));
        String xdg = env.get("XDG_CONFIG_HOME");
        places.add((xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config")).resolve("pgauth").resolve("pgauth.yaml"));
        places.add(Path.of("/etc/pgauth/pgauth.yaml"));
        return places;
    }

    /** The first candidate that exists; an explicit path is returned even if missing, so loading reports it. */
    public static Optional<Path> locate(Path explicit, Map<String, String> env, Path workingDir, Path home) {
        List<Path> places = candidates(explicit, env, workingDir, home);
        if (places.size() == 1) {
            return Optional.of(places.get(0));
        }
        return places.stream().filter(Files::isRegularFile).findFirst();
    }
}
