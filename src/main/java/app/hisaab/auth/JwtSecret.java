package app.hisaab.auth;

import app.hisaab.db.DatabaseProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key that signs access tokens: {@code JWT_SECRET}, required with an external database; in
 * embedded mode generated once and kept in {@code DATA_DIR/jwt-secret} so tokens survive restarts.
 */
final class JwtSecret {

    static final int MIN_BYTES = 32;

    private JwtSecret() {}

    static byte[] resolve(AuthProperties auth, DatabaseProperties database) {
        check(auth.jwtSecret(), database.embedded());
        String configured = auth.jwtSecret();
        if (configured != null && !configured.isEmpty()) {
            return configured.getBytes(StandardCharsets.UTF_8);
        }
        return kept(database.dataDir().resolve("jwt-secret"));
    }

    /** Refuses a configured secret that is too short, and a missing one with an external database. */
    static void check(String configured, boolean embeddedDatabase) {
        if (configured != null && !configured.isEmpty()) {
            int length = configured.getBytes(StandardCharsets.UTF_8).length;
            if (length < MIN_BYTES) {
                throw new IllegalStateException("JWT_SECRET must be at least " + MIN_BYTES
                        + " bytes (256 bits); the one given has " + length
                        + ". Generate one with: openssl rand -base64 48");
            }
        } else if (!embeddedDatabase) {
            throw new IllegalStateException("JWT_SECRET is required when DATABASE_URL is set: give at least "
                    + MIN_BYTES + " random bytes, for example from: openssl rand -base64 48");
        }
    }

    private static byte[] kept(Path file) {
        try {
            if (Files.exists(file)) {
                String text = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (text.getBytes(StandardCharsets.UTF_8).length >= MIN_BYTES) {
                    return text.getBytes(StandardCharsets.UTF_8);
                }
            }
            byte[] random = new byte[48];
            new SecureRandom().nextBytes(random);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), "jwt-secret", ".tmp");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system; the folder's permissions apply
            }
            Files.writeString(temp, secret, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return secret.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the JWT secret in " + file, e);
        }
    }
}
