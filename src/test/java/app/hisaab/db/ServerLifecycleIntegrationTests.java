package app.hisaab.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import app.hisaab.Application;
import app.hisaab.support.Api;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts whole servers of their own (not the shared test context) to check how the server runs: on
 * an embedded PostgreSQL under DATA_DIR, or on DATABASE_URL.
 */
class ServerLifecycleIntegrationTests {

    private static final String SECRET = "lifecycle-test-secret-0123456789-abcdefghij";

    @TempDir
    Path dataDir;

    @Test
    void dataAndTheGeneratedJwtSecretSurviveARestart() throws IOException {
        Api.TestUser user;
        String token;
        try (ConfigurableApplicationContext first = start(Map.of("hisaab.db.data-dir", dataDir.toString()))) {
            Api api = new Api(port(first));
            user = api.register("Persistent");
            token = user.token();
        }
        String secret = Files.readString(dataDir.resolve("jwt-secret"));
        assertThat(secret.length()).isGreaterThanOrEqualTo(32);

        try (ConfigurableApplicationContext second = start(Map.of("hisaab.db.data-dir", dataDir.toString()))) {
            Api api = new Api(port(second));
            api.get("/api/users/me", token).expect(200);
            api.post("/api/auth/login", null, Map.of("email", user.email(), "password", user.password()))
                    .expect(200);
        }
        assertThat(Files.readString(dataDir.resolve("jwt-secret"))).isEqualTo(secret);
    }

    @Test
    void aSecondServerOnTheSameDataDirFailsWithAClearMessage() {
        try (ConfigurableApplicationContext first = start(Map.of("hisaab.db.data-dir", dataDir.toString()))) {
            assertThatThrownBy(() -> start(Map.of("hisaab.db.data-dir", dataDir.toString())))
                    .rootCause()
                    .hasMessageContaining("Another Hisaab server is already running on the data folder");
            // The first one is unharmed.
            new Api(port(first)).register("StillHere");
        }
    }

    @Test
    void aPostgresLeftBehindByAKilledServerIsReclaimed() throws Exception {
        // A server JVM killed with SIGKILL leaves its postgres running on DATA_DIR/postgres, no lock held.
        Path pgDir = dataDir.resolve("postgres");
        Process killed = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        KilledServer.class.getName(),
                        dataDir.toString())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(killed.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.contains("READY")) {
                // wait until its postgres is up
            }
            assertThat(line).as("the killed server's output").isNotNull();
        }
        killed.destroyForcibly();
        assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long orphanPid = Long.parseLong(
                Files.readAllLines(pgDir.resolve("postmaster.pid")).get(0).trim());
        ProcessHandle orphan = ProcessHandle.of(orphanPid).orElseThrow();
        assertThat(orphan.isAlive()).isTrue();
        try {
            try (ConfigurableApplicationContext server = start(Map.of("hisaab.db.data-dir", dataDir.toString()))) {
                new Api(port(server)).register("Reclaimed");
                assertThat(orphan.isAlive()).isFalse();
            }
        } finally {
            if (orphan.isAlive()) {
                orphan.destroyForcibly();
            }
        }
    }

    @Test
    void anExternalDatabaseNeedsJwtSecret() {
        assertThatThrownBy(() -> start(Map.of("hisaab.db.url", "postgresql://nobody@127.0.0.1:1/none")))
                .hasMessageContaining("JWT_SECRET is required when DATABASE_URL is set");
    }

    @Test
    void aShortJwtSecretIsRefused() {
        assertThatThrownBy(() ->
                        start(Map.of("hisaab.db.data-dir", dataDir.toString(), "hisaab.auth.jwt-secret", "short")))
                .hasMessageContaining("JWT_SECRET must be at least 32 bytes");
    }

    /** DATABASE_URL in the form hosting providers give, against the PostgreSQL this machine runs. */
    @Test
    void runsOnDatabaseUrlAsProvidersGiveIt() throws SQLException {
        String database = "hisaab_it_" + UUID.randomUUID().toString().replace("-", "");
        assumeThat(createDatabase(database))
                .as("a PostgreSQL on 127.0.0.1:5432")
                .isTrue();
        try {
            String url =
                    "postgresql://postgres@127.0.0.1:5432/" + database + "?sslmode=disable&application_name=hisaab";
            try (ConfigurableApplicationContext server =
                    start(Map.of("hisaab.db.url", url, "hisaab.auth.jwt-secret", SECRET))) {
                Api api = new Api(port(server));
                Api.TestUser user = api.register("External");
                api.get("/api/users/me", user.token()).expect(200);
            }
            try (Connection c =
                    DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, "postgres", "")) {
                var rs = c.createStatement().executeQuery("SELECT count(*) FROM users WHERE name = 'External'");
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        } finally {
            dropDatabase(database);
        }
    }

    private static boolean createDatabase(String name) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
            c.createStatement().execute("CREATE DATABASE " + name);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static void dropDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static ConfigurableApplicationContext start(Map<String, Object> properties) {
        Map<String, Object> all = new java.util.HashMap<>(properties);
        all.put("server.port", "0");
        all.put("management.server.port", "0");
        all.put("hisaab.web.trusted-proxies", "127.0.0.1");
        all.put("spring.main.banner-mode", "off");
        all.put("logging.level.root", "WARN");
        // Keep the environment's own settings out of these servers.
        all.putIfAbsent("hisaab.db.url", "");
        all.putIfAbsent("hisaab.auth.jwt-secret", "");
        // As command-line arguments, so that they win over application.yml and the environment.
        String[] args = all.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(Application.class)
                .web(WebApplicationType.SERVLET)
                .run(args);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
