package app.hisaab.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cross-cutting HTTP settings.
 *
 * @param corsOrigins browser origins allowed to call the API and open WebSockets ({@code CORS_ORIGINS})
 * @param trustedProxies addresses or CIDR ranges (IPv4, IPv6) of proxies whose {@code X-Forwarded-For} is believed ({@code TRUSTED_PROXIES})
 * @param writeLimitPerUser writes a user may make a minute ({@code WRITE_LIMIT_PER_USER})
 * @param readLimitPerUser reads (GET) a user may make a minute ({@code READ_LIMIT_PER_USER}); 0, the
 *     default, means ten times the write limit
 * @param maxBodyBytes the largest request body accepted
 */
@ConfigurationProperties("hisaab.web")
public record WebProperties(
        @DefaultValue List<String> corsOrigins,
        @DefaultValue List<String> trustedProxies,
        @DefaultValue("600") int writeLimitPerUser,
        @DefaultValue("65536") long maxBodyBytes,
        @DefaultValue("0") long readLimitPerUser) {

    /** Reads a user may make a minute: as set, else ten times the write limit (6000 with the defaults). */
    public long readLimit() {
        return readLimitPerUser > 0 ? readLimitPerUser : 10L * writeLimitPerUser;
    }
}
