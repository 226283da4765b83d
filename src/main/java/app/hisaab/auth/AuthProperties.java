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
 * @param burstPerIp register and login requests a client address may make at once, out of {@code limitPerIp}
 * @param hashConcurrency password hashes run at once; 0 means one per CPU core
 * @param hashQueue sign-ins that may wait for a hashing turn; more get 503
 * @param hashWait how long a sign-in waits for a hashing turn before it gets 503
 * @param refreshLimitPerIp refreshes a client address may make per {@code refreshLimitPerIpWindow}
 * @param refreshLimitPerChain refreshes one login's token chain may make per {@code refreshLimitPerChainWindow}
 * @param refreshRotatedRetention how long a rotated or revoked refresh token is kept before it is deleted
 */
@ConfigurationProperties("hisaab.auth")
public record AuthProperties(
        String jwtSecret,
        @DefaultValue("15m") Duration accessTokenTtl,
        @DefaultValue("30d") Duration refreshTokenTtl,
        @DefaultValue("60") int limitPerIp,
        @DefaultValue("1m") Duration limitPerIpWindow,
        @DefaultValue("10") int limitPerId,
        @DefaultValue("15m") Duration limitPerIdWindow,
        @DefaultValue("10") int burstPerIp,
        @DefaultValue("0") int hashConcurrency,
        @DefaultValue("16") int hashQueue,
        @DefaultValue("2s") Duration hashWait,
        @DefaultValue("60") int refreshLimitPerIp,
        @DefaultValue("1m") Duration refreshLimitPerIpWindow,
        @DefaultValue("20") int refreshLimitPerChain,
        @DefaultValue("1h") Duration refreshLimitPerChainWindow,
        @DefaultValue("10m") Duration refreshRotatedRetention) {}
