package dev.pgauth.credential.password;

import dev.pgauth.FailureCategory;
import dev.pgauth.PgAuthException;
import dev.pgauth.config.AuthMethod;
import dev.pgauth.config.TargetSpec;
import dev.pgauth.credential.Credential;
import dev.pgauth.credential.CredentialInfo;
import dev.pgauth.credential.CredentialProvider;
import dev.pgauth.credential.PasswordCredential;
import dev.pgauth.credential.ResolveContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** {@code auth_method: password}: a locally supplied password, read afresh on every connect. */
final class PasswordProvider implements CredentialProvider {
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final TargetSpec target;

    PasswordProvider(TargetSpec target) {
        this.target = target;
    }

    @Override
    public Credential resolve(ResolveContext context) throws PgAuthException {
        if (target.passwordEnv() != null) {
            return fromEnv(context);
        }
        if (target.passwordFile() != null) {
            return fromFile(target.passwordFile());
        }
        return fromPgpass(target.pgpassFile());
    }

    private Credential fromEnv(ResolveContext context) throws PgAuthException {
        String variable = target.passwordEnv();
        String value = context.env().get(variable);
        if (value == null) {
            throw failure("environment variable " + variable + " (password_env) is not set",
                    "Set " + variable + " in the environment pgauth runs in, or change password_env.");
        }
        if (value.isEmpty()) {
            throw failure("environment variable " + variable + " (password_env) is empty",
                    "Put the role's password in " + variable + ".");
        }
        return credential("password_env " + variable, value.toCharArray());
    }

    private Credential fromFile(Path file) throws PgAuthException {
        char[] content = readText(file, "password_file");
        int length = content.length;
        // One trailing newline is how editors and `echo` end a file, not part of the password.
        if (length > 0 && content[length - 1] == '\n') {
            length--;
            if (length > 0 && content[length - 1] == '\r') {
                length--;
            }
        }
        if (length == 0) {
            Arrays.fill(content, '\0');
            throw failure("password_file " + file + " is empty", "Write the role's password into " + file + ".");
        }
        char[] password = Arrays.copyOf(content, length);
        Arrays.fill(content, '\0');
        return credential("password_file " + file, password);
    }

    private Credential fromPgpass(Path file) throws PgAuthException {
        try {
            if (!Files.isRegularFile(file)) {
                throw failure("pgpass_file " + file + " is not a regular file", "Point pgpass_file at a file.");
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.stream().anyMatch(GROUP_OR_OTHER::contains)) {
                throw failure("pgpass_file " + file + " is accessible by group or others, and libpq ignores such a file",
                        "Run: chmod 0600 " + file);
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): libpq does not check permissions there either.
        } catch (IOException e) {
            throw failure("cannot read pgpass_file " + file + " (" + e.getClass().getSimpleName() + ")", "Check the file's owner and permissions.");
        }
        char[] content = readText(file, "pgpass_file");
        try {
            String dbname = target.dbname() == null ? target.user() : target.dbname();
            Optional<Pgpass.Match> match = Pgpass.find(new String(content), target.host(), target.port(), dbname, target.user());
            if (match.isEmpty()) {
                throw failure("pgpass_file " + file + " has no line for " + target.host() + ":" + target.port() + ":" + dbname + ":" + target.user(),
                        "Add a line host:port:database:user:password (fields may be *).");
            }
            if (match.get().password().length == 0) {
                throw failure("pgpass_file " + file + " line " + match.get().line() + " has an empty password", "Put the password after the fourth colon.");
            }
            return credential("pgpass_file " + file + " line " + match.get().line(), match.get().password());
        } finally {
            Arrays.fill(content, '\0');
        }
    }

    private char[] readText(Path file, String key) throws PgAuthException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw failure("cannot read " + key + " " + file + " (" + e.getClass().getSimpleName() + ")",
                    "Check that the file exists and is readable by this user.");
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            char[] out = new char[chars.remaining()];
            chars.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw failure(key + " " + file + " is not UTF-8 text", "Save it as UTF-8.");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private Credential credential(String source, char[] password) {
        try {
            return new PasswordCredential(new CredentialInfo(AuthMethod.PASSWORD, target.user(), source, null), password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private PgAuthException failure(String problem, String fix) {
        return new PgAuthException(FailureCategory.CREDENTIAL, target.name(), problem, fix);
    }
}
