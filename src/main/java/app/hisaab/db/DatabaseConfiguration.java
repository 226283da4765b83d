package app.hisaab.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The data source: the external database of {@code DATABASE_URL}, or an embedded one under {@code DATA_DIR}. */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean
    @ConfigurationProperties("spring.datasource.hikari")
    HikariConfig hikariConfig() {
        return new HikariConfig();
    }

    @Bean(destroyMethod = "close")
    EmbeddedDatabaseHolder embeddedDatabase(DatabaseProperties properties) {
        return new EmbeddedDatabaseHolder(
                properties.embedded()
                        ? EmbeddedDatabase.start(properties.dataDir(), properties.embeddedFsync())
                        : null);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseProperties properties, HikariConfig config, EmbeddedDatabaseHolder embedded) {
        if (embedded.database() != null) {
            config.setJdbcUrl(embedded.database().jdbcUrl());
            config.setUsername(EmbeddedDatabase.SUPERUSER);
            config.setPassword(embedded.database().password());
        } else {
            DatabaseUrl url = DatabaseUrl.parse(properties.url());
            config.setJdbcUrl(url.jdbcUrl());
            config.setUsername(url.username());
            config.setPassword(url.password());
        }
        config.setPoolName("hisaab");
        return new HikariDataSource(config);
    }

    /** Holds the embedded database, or nothing when an external one is used, and stops it last. */
    record EmbeddedDatabaseHolder(EmbeddedDatabase database) implements AutoCloseable {
        @Override
        public void close() {
            if (database != null) {
                database.close();
            }
        }
    }
}
