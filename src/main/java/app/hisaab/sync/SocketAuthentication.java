package app.hisaab.sync;

import java.time.Instant;
import java.util.UUID;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

/** Checks an access token for the WebSocket, with the same decoder (signature, expiry) as the HTTP API. */
@Component
class SocketAuthentication {

    /**
     * The user an access token is for, when it stops being valid, and the device (refresh-token chain,
     * claim {@code sid}) it was issued to; null for a token that names none.
     */
    record Identity(UUID user, Instant expiresAt, UUID device) {}

    /** The claim naming the device (refresh-token chain) an access token was issued to. */
    static final String DEVICE_CLAIM = "sid";

    private final JwtDecoder decoder;

    SocketAuthentication(JwtDecoder decoder) {
        this.decoder = decoder;
    }

    /**
     * The token's user, or null when the token is malformed, badly signed, expired or not for an account
     * that can sign in. Throws {@link app.hisaab.web.ApiException} (503) when that cannot be checked now.
     */
    Identity verify(String token) {
        if (token == null || token.isBlank()) {
            return null;
        }
        try {
            Jwt jwt = decoder.decode(token.trim());
            if (jwt.getSubject() == null || jwt.getExpiresAt() == null) {
                return null;
            }
            return new Identity(UUID.fromString(jwt.getSubject()), jwt.getExpiresAt(), device(jwt));
        } catch (JwtException | IllegalArgumentException e) {
            return null;
        }
    }

    private static UUID device(Jwt jwt) {
        String device = jwt.getClaimAsString(DEVICE_CLAIM);
        try {
            return device == null ? null : UUID.fromString(device);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A {@code since} as a client sends it (a whole number, 0 or more), or -1 when it is not one. */
    static long parseSince(String since) {
        try {
            long value = Long.parseLong(since.trim());
            return value >= 0 ? value : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
