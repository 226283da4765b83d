package app.hisaab.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Accounts and tokens.
 *
 * @param jwtSecret signs access tokens, as its UTF-8 bytes, at least 32 ({@code JWT_SECRET})
 * @param accessTokenTtl how long an access token is valid
 * @param refreshTokenTtl how long a refresh token is valid
 * @param limitPerIp register and login requests a client address may make per {@code limitPerIpWindow}
 * @param limitPerId failed logins an email or phone may have per {@code limitPerIdWindow}
 */
@ConfigurationProperties("hisaab.auth")
public record AuthProperties(
        String jwtSecret,
        @DefaultValue("15m") Duration accessTokenTtl,
        @DefaultValue("30d") Duration refreshTokenTtl,
        @DefaultValue("60") int limitPerIp,
        @DefaultValue("1m") Duration limitPerIpWindow,
        @DefaultValue("10") int limitPerId,
        @DefaultValue("15m") Duration limitPerIdWindow) {}
