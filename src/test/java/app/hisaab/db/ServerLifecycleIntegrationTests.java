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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

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

    /**
     * A server killed with SIGKILL while creates are in flight: after a restart on the same data, every
     * create the client sent, answered or not, is sent again with its id. Each ends as exactly one
     * expense, whole (its shares add up to its amount), with exactly one change in the writer's feed;
     * none answers other than 201 (it was lost) or 200 (it had been stored).
     */
    @Test
    void createsInFlightWhenTheServerIsKilledAreWholeOrAbsentAndAResendStoresEachOnce() throws Exception {
        int childPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            childPort = free.getLocalPort();
        }
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Application.class.getName(),
                        "--server.port=" + childPort,
                        "--management.server.port=0",
                        "--hisaab.db.data-dir=" + dataDir,
                        "--hisaab.db.url=",
                        "--hisaab.auth.jwt-secret=",
                        "--hisaab.web.write-limit-per-user=100000000",
                        "--logging.level.root=WARN")
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + "-child.log")
                        .toFile())
                .start();
        Api api = new Api(childPort);
        List<Map<String, Object>> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        Api.TestUser asha;
        try {
            waitUntilHealthy(childPort, child);
            asha = api.register("Killed Mid Write");
            UUID ravi = new app.hisaab.support.People(api).placeholder(asha, "Ravi");
            UUID meera = new app.hisaab.support.People(api).placeholder(asha, "Meera");
            java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(4);
            Api.TestUser writer = asha;
            for (int w = 0; w < 4; w++) {
                writers.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        Map<String, Object> expense = Api.body(
                                "id",
                                UUID.randomUUID(),
                                "title",
                                "Trip " + i,
                                "totalAmount",
                                "100.0" + (i % 10),
                                "paidBy",
                                writer.id(),
                                "participants",
                                List.of(writer.id(), ravi, meera),
                                "date",
                                "2026-11-24");
                        sent.add(expense);
                        try {
                            api.post("/api/group-expenses", writer.token(), expense);
                        } catch (RuntimeException e) {
                            return; // the server is gone
                        }
                    }
                });
            }
            Thread.sleep(3_000);
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            writers.shutdownNow();
            assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
            killPostgresLeftIn(dataDir);
        }
        assertThat(sent).hasSizeGreaterThan(4);

        try (ConfigurableApplicationContext server = start(
                Map.of("hisaab.db.data-dir", dataDir.toString(), "hisaab.web.write-limit-per-user", "100000000"))) {
            Api again = new Api(port(server));
            for (Map<String, Object> expense : sent) {
                int status =
                        again.post("/api/group-expenses", asha.token(), expense).status();
                assertThat(status).as("resend of %s", expense.get("id")).isIn(200, 201);
            }
            JdbcClient jdbc = JdbcClient.create(server.getBean(javax.sql.DataSource.class));
            for (Map<String, Object> expense : sent) {
                UUID id = UUID.fromString(expense.get("id").toString());
                assertThat(jdbc.sql("SELECT count(*) FROM group_expenses WHERE id = :id")
                                .param("id", id)
                                .query(Integer.class)
                                .single())
                        .isEqualTo(1);
            }
            assertThat(jdbc.sql("""
                            SELECT count(*) FROM group_expenses e
                            WHERE e.total_minor <> (SELECT coalesce(sum(s.amount_minor), 0)
                                                    FROM expense_shares s WHERE s.expense_id = e.id)
                            """).query(Integer.class).single())
                    .as("expenses whose shares do not add up")
                    .isZero();
            List<String> created = new app.hisaab.support.People(again)
                    .changes(asha, 0).stream()
                            .filter(change -> change.get("type").asString().equals("group_expense_added"))
                            .map(change -> change.get("data").get("id").asString())
                            .toList();
            assertThat(created).doesNotHaveDuplicates().hasSize(sent.size());
        }
    }

    private static void waitUntilHealthy(int port, Process child) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < 1200; i++) {
            assertThat(child.isAlive()).as("the child server is running").isTrue();
            try {
                if (http.send(
                                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                                        "http://127.0.0.1:" + port + "/actuator/health"))
                                                .build(),
                                        java.net.http.HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the child server did not become healthy");
    }

    /** The killed server's postgres, if it still runs, stopped by the PID in its own postmaster.pid. */
    private static void killPostgresLeftIn(Path dataDir) throws IOException {
        Path pid = dataDir.resolve("postgres").resolve("postmaster.pid");
        if (Files.exists(pid)) {
            ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).trim()))
                    .ifPresent(ProcessHandle::destroy);
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
