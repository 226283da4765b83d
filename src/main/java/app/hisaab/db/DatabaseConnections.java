package app.hisaab.db;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.springframework.stereotype.Component;

/**
 * Connections outside the pool, to the same database with the same credentials: for a session that
 * must stay open for the life of the server (the sync feature's LISTEN), which a pooled connection
 * must not be.
 */
@Component
public class DatabaseConnections {

    private final HikariDataSource pool;

    DatabaseConnections(HikariDataSource pool) {
        this.pool = pool;
    }

    /** Opens a new connection that the caller owns and closes; {@code name} shows in {@code pg_stat_activity}. */
    public Connection openDedicated(String name) throws SQLException {
        Properties properties = new Properties();
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        properties.setProperty("ApplicationName", name);
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", "10");
        Connection connection = DriverManager.getConnection(pool.getJdbcUrl(), properties);
        connection.setAutoCommit(true);
        return connection;
    }
}
