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

    /** Static: a bean factory post-processor, created before the rest and without this configuration. */
    @Bean(EmbeddedDatabaseStart.BEAN_NAME)
    static EmbeddedDatabaseStart embeddedDatabaseStart() {
        return new EmbeddedDatabaseStart();
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseProperties properties, HikariConfig config, EmbeddedDatabaseStart embedded) {
        EmbeddedDatabase database = embedded.database();
        if (database != null) {
            config.setJdbcUrl(database.jdbcUrl());
            config.setUsername(EmbeddedDatabase.SUPERUSER);
            config.setPassword(database.password());
        } else {
            DatabaseUrl url = DatabaseUrl.parse(properties.url());
            config.setJdbcUrl(url.jdbcUrl());
            config.setUsername(url.username());
            config.setPassword(url.password());
        }
        config.setPoolName("hisaab");
        return new HikariDataSource(config);
    }
}
