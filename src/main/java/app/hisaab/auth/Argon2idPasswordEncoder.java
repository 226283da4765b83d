package app.hisaab.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * argon2id password hashes in the PHC string format Spring Security's {@code Argon2PasswordEncoder}
 * writes and reads ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}, base64 without padding), so
 * hashes stored before still match. The difference is memory: each hash fills blocks taken from a
 * small pool of reused arrays ({@link Argon2id}) instead of allocating 19 MiB for the collector. The
 * pool holds at most {@code pooled} arrays of the configured size, as many as hashes may run at once
 * ({@link PasswordHashing} bounds that); a stored hash with other parameters gets a one-off array.
 */
final class Argon2idPasswordEncoder implements PasswordEncoder {

    private static final String PREFIX = "$argon2id$";
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final int saltLength;
    private final int hashLength;
    private final int memoryKiB;
    private final int passes;
    private final int pooled;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentLinkedQueue<long[]> pool = new ConcurrentLinkedQueue<>();

    Argon2idPasswordEncoder(int saltLength, int hashLength, int memoryKiB, int passes, int pooled) {
        this.saltLength = saltLength;
        this.hashLength = hashLength;
        this.memoryKiB = memoryKiB;
        this.passes = passes;
        this.pooled = pooled;
    }

    @Override
    public String encode(CharSequence rawPassword) {
        byte[] salt = new byte[saltLength];
        random.nextBytes(salt);
        byte[] hash = hash(bytes(rawPassword), salt, memoryKiB, passes, 1, hashLength);
        return PREFIX + "v=" + Argon2id.VERSION + "$m=" + memoryKiB + ",t=" + passes + ",p=1$"
                + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        Stored stored = Stored.parse(encodedPassword);
        if (stored == null) {
            return false;
        }
        byte[] actual = hash(
                bytes(rawPassword), stored.salt, stored.memoryKiB, stored.passes, stored.lanes, stored.hash.length);
        return MessageDigest.isEqual(actual, stored.hash);
    }

    private byte[] hash(byte[] password, byte[] salt, int memory, int passes, int lanes, int length) {
        boolean standard = memory == memoryKiB && lanes == 1;
        long[] blocks = standard ? pool.poll() : null;
        if (blocks == null) {
            blocks = new long[Argon2id.words(memory, lanes)];
        }
        try {
            return Argon2id.hash(password, salt, memory, passes, lanes, length, blocks);
        } finally {
            if (standard && pool.size() < pooled) {
                pool.offer(blocks);
            }
        }
    }

    private static byte[] bytes(CharSequence password) {
        return password.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A stored hash's parameters, salt and tag; {@code null} for anything that is not an argon2id v19 PHC string. */
    private record Stored(int memoryKiB, int passes, int lanes, byte[] salt, byte[] hash) {

        /** Bounds on stored parameters, so that a corrupt row cannot make a check allocate gigabytes. */
        private static final int MAX_MEMORY_KIB = 1 << 20;

        private static final int MAX_PASSES = 64;

        static Stored parse(String encoded) {
            if (encoded == null || !encoded.startsWith(PREFIX)) {
                return null;
            }
            String[] parts = encoded.substring(PREFIX.length()).split("\\$", -1);
            if (parts.length != 4 || !parts[0].equals("v=" + Argon2id.VERSION)) {
                return null;
            }
            int memory = -1;
            int passes = -1;
            int lanes = -1;
            for (String parameter : parts[1].split(",", -1)) {
                int equals = parameter.indexOf('=');
                if (equals < 0) {
                    return null;
                }
                int value;
                try {
                    value = Integer.parseInt(parameter.substring(equals + 1));
                } catch (NumberFormatException e) {
                    return null;
                }
                switch (parameter.substring(0, equals)) {
                    case "m" -> memory = value;
                    case "t" -> passes = value;
                    case "p" -> lanes = value;
                    default -> {
                        return null;
                    }
                }
            }
            if (lanes < 1
                    || lanes > 16
                    || passes < 1
                    || passes > MAX_PASSES
                    || memory < 8 * lanes
                    || memory > MAX_MEMORY_KIB) {
                return null;
            }
            try {
                byte[] salt = B64_DECODER.decode(parts[2]);
                byte[] hash = B64_DECODER.decode(parts[3]);
                return hash.length < 4 ? null : new Stored(memory, passes, lanes, salt, hash);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
