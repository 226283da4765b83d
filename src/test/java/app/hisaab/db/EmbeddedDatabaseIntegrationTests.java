package app.hisaab.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL on its own (no Spring): where it listens, who may connect, what it leaves on disk. */
class EmbeddedDatabaseIntegrationTests {

    @TempDir
    Path dataDir;

    @Test
    void listensOnAUnixSocketInDataDirOnlyAndRefusesConnectionsWithoutThePassword() throws Exception {
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, false)) {
            Path run = dataDir.toRealPath().resolve("run");
            assertThat(database.socket()).isEqualTo(run.resolve(".s.PGSQL.5432"));
            assertThat(Files.exists(database.socket())).isTrue();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run)))
                    .isEqualTo("rwx------");
            Path passwordFile = dataDir.resolve("postgres-password");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                    .isEqualTo("rw-------");
            assertThat(Files.readString(passwordFile).trim())
                    .isEqualTo(database.password())
                    .hasSizeGreaterThanOrEqualTo(40);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("postgres"))))
                    .isEqualTo("rwx------");
            // Its programs run from DATA_DIR, not from a shared temporary folder.
            long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid"))
                    .get(0)
                    .trim());
            assertThat(ProcessHandle.of(pid).orElseThrow().info().command().orElseThrow())
                    .startsWith(dataDir.toRealPath().resolve("postgres-bin").toString());

            try (Connection connection =
                    DriverManager.getConnection(database.jdbcUrl(), EmbeddedDatabase.SUPERUSER, database.password())) {
                assertThat(single(connection, "SHOW listen_addresses")).isEmpty();
                assertThat(single(
                                connection,
                                "SELECT string_agg(DISTINCT type || ' ' || auth_method, ',')"
                                        + " FROM pg_hba_file_rules"))
                        .isEqualTo("local scram-sha-256");
                assertThat(single(connection, "SELECT left(rolpassword, 14) FROM pg_authid WHERE rolname = 'postgres'"))
                        .isEqualTo("SCRAM-SHA-256$");
                // The driver's read timeouts work over the socket (LISTEN polling relies on them).
                long started = System.nanoTime();
                connection.unwrap(org.postgresql.PGConnection.class).getNotifications(300);
                assertThat((System.nanoTime() - started) / 1_000_000).isBetween(250L, 5_000L);
            }

            assertThatThrownBy(() -> connect(database.jdbcUrl(), null))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("no password was provided");
            assertThatThrownBy(() -> connect(database.jdbcUrl(), "wrong-" + database.password()))
                    .isInstanceOfSatisfying(
                            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        }
        assertThat(Files.exists(dataDir.resolve("postgres/postmaster.pid"))).isFalse();
    }

    /** A data folder from before passwords (trust on localhost TCP) gets one at its next start, data kept. */
    @Test
    void aTrustDatabaseOfAnOlderVersionGetsAPassword() throws Exception {
        try (EmbeddedPostgres old = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDir.resolve("postgres"))
                        .setCleanDataDirectory(false)
                        .setRegisterShutdownHook(false)
                        .start();
                Connection connection = old.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('from before')");
        }

        try (EmbeddedDatabase database = EmbeddedDatabase.start(dataDir, false)) {
            assertThat(PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(dataDir.resolve("postgres-password"))))
                    .isEqualTo("rw-------");
            try (Connection connection = connect(database.jdbcUrl(), database.password())) {
                assertThat(single(connection, "SELECT v FROM kept")).isEqualTo("from before");
                assertThat(single(connection, "SHOW listen_addresses")).isEmpty();
            }
            assertThatThrownBy(() -> connect(database.jdbcUrl(), null)).isInstanceOf(SQLException.class);
        }
    }

    private static Connection connect(String url, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", EmbeddedDatabase.SUPERUSER);
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection(url, properties);
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            assertThat(values).hasSize(1);
            return values.get(0);
        }
    }
}
