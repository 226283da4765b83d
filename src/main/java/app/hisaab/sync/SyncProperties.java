package app.hisaab.sync;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The change feed.
 *
 * @param retention how long changes are kept; a client further behind must fetch its lists again
 * @param pruneBatch how many old change payloads one prune statement deletes, each with all its recipients'
 *     changes (a group expense's payload has up to 100, so one statement deletes at most 50,000 rows)
 */
@ConfigurationProperties("hisaab.sync")
public record SyncProperties(
        @DefaultValue("30d") Duration retention,
        @DefaultValue("500") int pruneBatch) {}
