package app.hisaab.invite;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Invites.
 *
 * @param ttl how long an invite can be accepted ({@code INVITE_TTL})
 * @param acceptLimitPerUser accepts a user may try per {@code acceptLimitWindow}, failed guesses
 *     included ({@code INVITE_ACCEPT_LIMIT_PER_USER})
 * @param maxPending the most pending (not yet expired) invites one user may have ({@code
 *     INVITE_PENDING_LIMIT_PER_USER}); one more is 409
 */
@ConfigurationProperties("hisaab.invite")
public record InviteProperties(
        @DefaultValue("7d") Duration ttl,
        @DefaultValue("10") int acceptLimitPerUser,
        @DefaultValue("1m") Duration acceptLimitWindow,
        @DefaultValue("50") int maxPending) {}
