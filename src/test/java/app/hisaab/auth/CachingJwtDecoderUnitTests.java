package app.hisaab.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.hisaab.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class CachingJwtDecoderUnitTests {

    final Instant now = Instant.parse("2026-11-24T10:00:00Z");
    final Clock clock = Clock.fixed(now, java.time.ZoneOffset.UTC);

    /** Tokens are their subject's id here: the verifier's own checks are not what is tested. */
    final JwtDecoder verifier =
            token -> new Jwt(token, now, now.plusSeconds(900), Map.of("alg", "HS256"), Map.of("sub", token));

    @Test
    void anAccountIsLookedUpOncePerTokenAndRemembered() {
        UUID account = UUID.randomUUID();
        AtomicInteger lookups = new AtomicInteger();
        CachingJwtDecoder decoder = new CachingJwtDecoder(verifier, clock, 100, id -> {
            lookups.incrementAndGet();
            return id.equals(account);
        });

        assertThat(decoder.decode(account.toString()).getSubject()).isEqualTo(account.toString());
        assertThat(decoder.decode(account.toString()).getSubject()).isEqualTo(account.toString());
        assertThat(lookups).hasValue(1);
    }

    @Test
    void aSubjectThatIsNoAccountIsABadToken() {
        Set<UUID> accounts = new HashSet<>();
        AtomicInteger lookups = new AtomicInteger();
        CachingJwtDecoder decoder = new CachingJwtDecoder(verifier, clock, 100, id -> {
            lookups.incrementAndGet();
            return accounts.contains(id);
        });
        String unknown = UUID.randomUUID().toString();

        assertThatThrownBy(() -> decoder.decode(unknown)).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("not-a-uuid")).isInstanceOf(BadJwtException.class);
        // A refusal is not remembered: were the account made later, its token would be checked again.
        assertThatThrownBy(() -> decoder.decode(unknown)).isInstanceOf(BadJwtException.class);
        assertThat(lookups).hasValue(2);
    }

    @Test
    void aDatabaseThatCannotBeReachedIs503WithRetryAfterAndNothingRemembered() {
        UUID account = UUID.randomUUID();
        AtomicInteger calls = new AtomicInteger();
        CachingJwtDecoder decoder = new CachingJwtDecoder(verifier, clock, 100, id -> {
            if (calls.incrementAndGet() == 1) {
                throw new CannotGetJdbcConnectionException("Connection refused");
            }
            return true;
        });

        assertThatThrownBy(() -> decoder.decode(account.toString())).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(e.retryAfterSeconds()).isPositive();
        });
        assertThat(decoder.decode(account.toString()).getSubject()).isEqualTo(account.toString());
        assertThat(calls).hasValue(2);
    }
}
