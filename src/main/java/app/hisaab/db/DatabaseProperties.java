package app.hisaab.db;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the data lives.
 *
 * @param url an external PostgreSQL ({@code DATABASE_URL}): {@code postgresql://…}, {@code postgres://…}
 *     or {@code jdbc:postgresql:…}; empty means an embedded PostgreSQL under {@code dataDir}
 * @param dataDir the folder of the embedded database and of generated secrets ({@code DATA_DIR})
 * @param embeddedFsync whether the embedded PostgreSQL flushes commits to disk (off only for tests)
 */
@ConfigurationProperties("hisaab.db")
public record DatabaseProperties(
        String url,
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("true") boolean embeddedFsync) {

    /** True when no external database is configured and the embedded one runs under {@link #dataDir}. */
    public boolean embedded() {
        return url == null || url.isBlank();
    }
}
