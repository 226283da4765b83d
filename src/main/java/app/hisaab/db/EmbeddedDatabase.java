package app.hisaab.db;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL under {@code DATA_DIR/postgres}, started by the server itself. It listens on no TCP
 * port: only on a unix socket in {@code DATA_DIR/run} (mode 0700, so only this OS user reaches it), and
 * even there it asks for the password it was given at creation, kept in {@code DATA_DIR/postgres-password}
 * (mode 0600). Its programs are unpacked under {@code DATA_DIR/postgres-bin}. A lock file keeps a second
 * server off the same folder; a postgres left running by a server that was killed is stopped before this
 * one starts. A database made by an older version (trust authentication, TCP) gets a password at its
 * first start with this one.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(20);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    static final String SUPERUSER = "postgres";
    /** Only names the socket file ({@code .s.PGSQL.5432}); nothing listens on a TCP port. */
    private static final int SOCKET_PORT = 5432;
    /** The longest unix socket path every supported system takes (sun_path less its terminator). */
    private static final int MAX_SOCKET_PATH = 103;

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final String HBA = """
            # Written by Hisaab at every start. The server listens on its unix socket only (no TCP), in a
            # folder only its OS user can enter, and still asks for the password in DATA_DIR/postgres-password.
            local all all scram-sha-256
            """;

    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Path binaries;
    private final Path pgDir;
    private final Path socket;
    private final String password;
    private final Process postgres;

    private EmbeddedDatabase(
            FileChannel lockChannel,
            FileLock lock,
            Path binaries,
            Path pgDir,
            Path socket,
            String password,
            Process postgres) {
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.binaries = binaries;
        this.pgDir = pgDir;
        this.socket = socket;
        this.password = password;
        this.postgres = postgres;
    }

    static EmbeddedDatabase start(Path dataDir, boolean fsync) {
        Path dir = dataDir.toAbsolutePath().normalize();
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve("server.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw new IllegalStateException("Another Hisaab server is already running on the data folder " + dir
                        + ". Stop it first, or set DATA_DIR to another folder.");
            }
            Path pgDir = dir.resolve("postgres");
            Path socketDir = dir.resolve("run");
            Path socket = socketDir.resolve(".s.PGSQL." + SOCKET_PORT);
            if (socket.toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
                throw new IllegalStateException("DATA_DIR " + dir + " is too deep for the embedded PostgreSQL's unix"
                        + " socket (" + socket + " is over " + MAX_SOCKET_PATH + " bytes): use a shorter path");
            }
            stopOrphan(pgDir);
            Path binaries = PostgresBinaries.under(dir.resolve("postgres-bin"));
            Files.createDirectories(socketDir);
            PostgresBinaries.restrict(socketDir);
            Path log = dir.resolve("postgres.log");
            String password = password(dir.resolve("postgres-password"), binaries, pgDir, log);
            Files.writeString(pgDir.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
            Process postgres = run(
                    binaries,
                    log,
                    "postgres",
                    "-D",
                    pgDir.toString(),
                    "-p",
                    Integer.toString(SOCKET_PORT),
                    "-c",
                    "listen_addresses=",
                    "-c",
                    "unix_socket_directories=" + socketDir,
                    "-c",
                    "unix_socket_permissions=0700",
                    "-c",
                    "fsync=" + (fsync ? "on" : "off"));
            awaitReady(postgres, pgDir, log);
            EmbeddedDatabase.log.info("Embedded PostgreSQL started on {} with data in {}", socket, pgDir);
            return new EmbeddedDatabase(channel, lock, binaries, pgDir, socket, password, postgres);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Could not start the embedded PostgreSQL under " + dir, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /**
     * The superuser's password: read, or made and given to the cluster (by initdb for a new one, in
     * single-user mode for one made before passwords were). The file is written last, so a start that
     * fails halfway tries again next time.
     */
    private static String password(Path file, Path binaries, Path pgDir, Path log) throws IOException {
        if (Files.exists(file)) {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
                EmbeddedDatabase.log.warn("{} was readable by others; now 0600", file);
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path scratch = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(scratch);
        Files.createFile(scratch, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.writeString(scratch, password + "\n", StandardCharsets.UTF_8);
        if (!Files.exists(pgDir.resolve("PG_VERSION"))) {
            finish(
                    run(
                            binaries,
                            log,
                            "initdb",
                            "-D",
                            pgDir.toString(),
                            "-U",
                            SUPERUSER,
                            "-A",
                            "scram-sha-256",
                            "--pwfile=" + scratch,
                            "-E",
                            "UTF-8"),
                    "initdb",
                    log,
                    null);
        } else {
            EmbeddedDatabase.log.info("Giving the embedded PostgreSQL in {} a password", pgDir);
            // On standard input, so the password shows in no process list.
            finish(
                    run(
                            binaries,
                            log,
                            "postgres",
                            "--single",
                            "-D",
                            pgDir.toString(),
                            "-c",
                            "listen_addresses=",
                            SUPERUSER),
                    "postgres --single",
                    log,
                    "ALTER ROLE " + SUPERUSER + " PASSWORD '" + password + "';\n");
        }
        Files.move(scratch, file, StandardCopyOption.ATOMIC_MOVE);
        return password;
    }

    /** Starts one of the PostgreSQL programs, its output appended to {@code log}. */
    private static Process run(Path binaries, Path log, String program, String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            // PostgreSQL refuses to run as root; in a user namespace of its own it is not.
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(binaries.resolve("bin").resolve(program).toString());
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private static void finish(Process process, String what, Path log, String input) throws IOException {
        try (var stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            if (!process.waitFor(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " did not finish; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(what + " interrupted");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(what + " failed (exit " + process.exitValue() + "); see " + log);
        }
    }

    /** Waits until postgres says in its pid file that it accepts connections. */
    private static void awaitReady(Process postgres, Path pgDir, Path log) throws IOException {
        postgres.getOutputStream().close();
        Path pidFile = pgDir.resolve("postmaster.pid");
        long deadline = System.nanoTime() + STARTUP_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!postgres.isAlive()) {
                throw new IllegalStateException(
                        "The embedded PostgreSQL exited at start (exit " + postgres.exitValue() + "); see " + log);
            }
            if (Files.exists(pidFile)) {
                List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
                if (lines.size() >= 8
                        && lines.get(0).trim().equals(Long.toString(postgres.pid()))
                        && lines.get(7).trim().equals("ready")) {
                    return;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                postgres.destroy();
                throw new IllegalStateException("Interrupted while the embedded PostgreSQL started");
            }
        }
        postgres.destroyForcibly();
        throw new IllegalStateException(
                "The embedded PostgreSQL did not start within " + STARTUP_WAIT + "; see " + log);
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // this JVM holds it already
        }
    }

    /**
     * A server killed without shutting down leaves its postgres running, holding the data folder. No
     * server holds the lock now, so that postgres belongs to nobody: stop it.
     */
    private static void stopOrphan(Path pgDir) throws IOException {
        Path pidFile = pgDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty() || !isPostgres(process.get())) {
            return; // a stale pid file; postgres itself handles that
        }
        log.warn("Stopping PostgreSQL (pid {}) left running on {} by a server that did not shut down", pid, pgDir);
        ProcessHandle orphan = process.get();
        orphan.destroy();
        try {
            orphan.onExit().get(ORPHAN_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            orphan.destroyForcibly();
            try {
                orphan.onExit().get(ORPHAN_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception again) {
                throw new IllegalStateException("Could not stop the PostgreSQL (pid " + pid + ") left on " + pgDir);
            }
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info()
                .command()
                .map(command -> command.contains("postgres"))
                .orElse(true);
    }

    /** The driver's URL: the unix socket through {@link UnixSocketFactory}; host and port are not used. */
    String jdbcUrl() {
        return "jdbc:postgresql://localhost/postgres?sslmode=disable&socketFactory="
                + UnixSocketFactory.class.getName() + "&socketFactoryArg="
                + URLEncoder.encode(socket.toString(), StandardCharsets.UTF_8);
    }

    String password() {
        return password;
    }

    Path socket() {
        return socket;
    }

    @Override
    public void close() {
        try {
            Process stop = run(
                    binaries,
                    pgDir.getParent().resolve("postgres.log"),
                    "pg_ctl",
                    "stop",
                    "-D",
                    pgDir.toString(),
                    "-m",
                    "fast",
                    "-w",
                    "-t",
                    "30");
            finish(stop, "pg_ctl stop", pgDir.getParent().resolve("postgres.log"), null);
            postgres.waitFor(30, TimeUnit.SECONDS);
            log.info("Embedded PostgreSQL stopped");
        } catch (IOException | RuntimeException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
            postgres.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            postgres.destroy();
        } finally {
            try {
                lock.release();
            } catch (IOException e) {
                // the channel closes below anyway
            }
            closeQuietly(lockChannel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more to do
            }
        }
    }
}
