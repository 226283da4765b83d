package app.hisaab.auth;

import app.hisaab.sync.DeviceSockets;
import app.hisaab.web.ApiException;
import app.hisaab.web.RateLimiter;
import app.hisaab.web.RateLimiters;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Access tokens (signed JWTs, short-lived) and refresh tokens (random, stored only as SHA-256 hashes,
 * rotated on every use; using a rotated one again revokes its whole chain).
 *
 * <p>A refresh token is its chain's id (16 bytes) then 32 random bytes, base64url. Rotated and revoked
 * tokens are deleted after {@code REFRESH_ROTATED_RETENTION} (10 minutes), so a chain keeps one row and
 * not one per rotation; a deleted token presented again still names its chain, which is then revoked as
 * a replay, as it would be had its row been kept. Refreshes are limited per chain.
 */
@Service
public class TokenService {

    /** The claim naming the device (refresh-token chain) an access token was issued with. */
    static final String DEVICE_CLAIM = "sid";

    /** A refresh token's bytes: the chain id, then the secret. */
    private static final int TOKEN_BYTES = 16 + 32;

    private final JwtEncoder encoder;
    private final RefreshTokenRepository refreshTokens;
    private final DeviceSockets sockets;
    private final AuthProperties properties;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final RateLimiter perChain;

    TokenService(
            JwtEncoder encoder,
            RefreshTokenRepository refreshTokens,
            DeviceSockets sockets,
            AuthProperties properties,
            Clock clock,
            RateLimiters limiters) {
        this.encoder = encoder;
        this.refreshTokens = refreshTokens;
        this.sockets = sockets;
        this.properties = properties;
        this.clock = clock;
        this.perChain = limiters.smooth(properties.refreshLimitPerChain(), properties.refreshLimitPerChainWindow());
    }

    record Pair(String accessToken, String refreshToken, long expiresIn) {}

    /** An access token for the user, valid for {@code ttl} from now. */
    public String accessToken(UUID user, Duration ttl) {
        return accessToken(user, clock.instant(), ttl);
    }

    String accessToken(UUID user, Instant now, Duration ttl) {
        return accessToken(user, now, ttl, null);
    }

    /**
     * An access token naming the device ({@code sid}: the refresh-token chain it was issued with), so that
     * ending that sign-in can close the WebSockets opened with it.
     */
    private String accessToken(UUID user, Instant now, Duration ttl, UUID device) {
        JwtClaimsSet.Builder builder = JwtClaimsSet.builder()
                .subject(user.toString())
                .issuedAt(now)
                .expiresAt(now.plus(ttl))
                .id(UUID.randomUUID().toString());
        if (device != null) {
            builder.claim(DEVICE_CLAIM, device.toString());
        }
        JwtClaimsSet claims = builder.build();
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).build();
        return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }

    /** A new login: an access token and the first refresh token of a new chain. */
    @Transactional(propagation = Propagation.MANDATORY)
    Pair issue(UUID user) {
        return issue(user, UUID.randomUUID());
    }

    private Pair issue(UUID user, UUID chain) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        ByteBuffer bytes = ByteBuffer.allocate(TOKEN_BYTES)
                .putLong(chain.getMostSignificantBits())
                .putLong(chain.getLeastSignificantBits())
                .put(secret);
        String refresh = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
        Instant now = clock.instant();
        refreshTokens.insert(user, chain, hash(refresh), now, now.plus(properties.refreshTokenTtl()));
        Duration ttl = properties.accessTokenTtl();
        return new Pair(accessToken(user, now, ttl, chain), refresh, ttl.toSeconds());
    }

    /**
     * Exchanges a refresh token for a new pair. Empty when the token is unknown, expired or revoked;
     * a token already rotated is a replay (stolen or copied), so its whole chain is revoked, also when
     * the rotated row is deleted already. Past the chain's limit: 429, and the token stays as it was.
     */
    @Transactional(propagation = Propagation.MANDATORY, noRollbackFor = ApiException.class)
    Optional<Rotated> rotate(String refreshToken) {
        Instant now = clock.instant();
        Optional<RefreshTokenRepository.Stored> found = refreshTokens.lock(hash(refreshToken));
        if (found.isEmpty()) {
            chainOf(refreshToken).ifPresent(chain -> refreshTokens.revokeChain(chain, now));
            return Optional.empty();
        }
        RefreshTokenRepository.Stored stored = found.get();
        if (stored.revokedAt() != null || !stored.expiresAt().isAfter(now)) {
            return Optional.empty();
        }
        if (stored.rotatedAt() != null) {
            refreshTokens.revokeChain(stored.chainId(), now);
            sockets.closeAfterCommit(stored.userId(), stored.chainId());
            return Optional.empty();
        }
        perChain.acquire(stored.chainId().toString());
        refreshTokens.markRotated(stored.id(), now);
        return Optional.of(new Rotated(stored.userId(), issue(stored.userId(), stored.chainId())));
    }

    record Rotated(UUID userId, Pair pair) {}

    /** Revokes the chain of one of the user's refresh tokens (logout); other tokens are ignored. */
    @Transactional(propagation = Propagation.MANDATORY)
    void revoke(UUID user, String refreshToken) {
        Optional<RefreshTokenRepository.Stored> found = refreshTokens.lock(hash(refreshToken));
        if (found.isPresent()) {
            if (found.get().userId().equals(user)) {
                refreshTokens.revokeChain(found.get().chainId(), clock.instant());
                sockets.closeAfterCommit(user, found.get().chainId());
            }
            return;
        }
        // A rotated token deleted already still names its chain.
        chainOf(refreshToken).ifPresent(chain -> {
            refreshTokens.revokeChainOf(user, chain, clock.instant());
            sockets.closeAfterCommit(user, chain);
        });
    }

    @Scheduled(fixedDelay = 3_600_000, initialDelay = 600_000)
    @Transactional
    void deleteExpired() {
        refreshTokens.deleteExpired(clock.instant().minus(Duration.ofDays(1)));
    }

    @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
    void deleteRetired() {
        deleteRetired(clock.instant());
    }

    /** Deletes tokens rotated or revoked longer than the retention before {@code now}; returns how many. */
    int deleteRetired(Instant now) {
        Instant before = now.minus(properties.refreshRotatedRetention());
        int total = 0;
        int deleted;
        do {
            deleted = refreshTokens.deleteRetired(before, 5_000);
            total += deleted;
        } while (deleted == 5_000);
        return total;
    }

    /** The chain a token of this server's format names; empty for anything else (older tokens included). */
    static Optional<UUID> chainOf(String refreshToken) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(refreshToken.trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (bytes.length != TOKEN_BYTES) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return Optional.of(new UUID(buffer.getLong(), buffer.getLong()));
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
