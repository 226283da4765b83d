package app.hisaab.auth;

import app.hisaab.web.ApiException;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.transaction.TransactionException;

/**
 * Verifies access tokens: signature and expiry, and that the subject is an account that can sign in (a
 * correctly signed token for an id that is unknown, or a placeholder's, is refused as invalid). Remembers
 * tokens it has verified until they expire, so that a client's every request does not parse, verify and
 * look up the same token again: access tokens cannot be revoked before they expire, and accounts are
 * never deleted, so a remembered one means exactly what verifying it again would. Bounded: when full,
 * it starts over.
 *
 * <p>When the account lookup cannot reach the database the answer is a 503 with {@code Retry-After}
 * ({@link ApiException#unavailable}), not a refusal: the token may be good.
 */
final class CachingJwtDecoder implements JwtDecoder {

    private static final Logger log = LoggerFactory.getLogger(CachingJwtDecoder.class);

    static final String NO_ACCOUNT = "The token's subject is not an account that can sign in";

    private final JwtDecoder verifier;
    private final Clock clock;
    private final int capacity;
    private final Predicate<UUID> isAccount;
    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();

    CachingJwtDecoder(JwtDecoder verifier, Clock clock, int capacity, Predicate<UUID> isAccount) {
        this.verifier = verifier;
        this.clock = clock;
        this.capacity = capacity;
        this.isAccount = isAccount;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt jwt = verified.get(token);
        if (jwt != null) {
            if (jwt.getExpiresAt() != null && clock.instant().isBefore(jwt.getExpiresAt())) {
                return jwt;
            }
            verified.remove(token);
        }
        jwt = verifier.decode(token);
        checkAccount(jwt.getSubject());
        if (verified.size() >= capacity) {
            verified.clear();
        }
        verified.put(token, jwt);
        return jwt;
    }

    private void checkAccount(String subject) {
        UUID id;
        try {
            id = UUID.fromString(subject);
        } catch (RuntimeException e) {
            throw new BadJwtException(NO_ACCOUNT);
        }
        boolean account;
        try {
            account = isAccount.test(id);
        } catch (DataAccessException | TransactionException e) {
            // TransactionException: a read-only transaction whose connection died cannot even roll back.
            log.warn("Could not check a token's account: {}", e.getClass().getSimpleName());
            // The same Retry-After as every other answer during a database outage (db.DatabaseOutage).
            throw ApiException.unavailable("The server cannot check tokens right now, retry shortly", 2);
        }
        if (!account) {
            throw new BadJwtException(NO_ACCOUNT);
        }
    }
}
