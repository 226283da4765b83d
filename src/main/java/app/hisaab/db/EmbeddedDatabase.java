package app.hisaab.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL under {@code DATA_DIR/postgres}, started by the server itself. A lock file keeps a
 * second server off the same folder; a postgres left running by a server that was killed is stopped
 * before this one starts.
 */
final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(20);

    private final FileChannel lockChannel;
    private final FileLock lock;
    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(FileChannel lockChannel, FileLock lock, EmbeddedPostgres postgres) {
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.postgres = postgres;
    }

    static EmbeddedDatabase start(Path dataDir) {
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
            stopOrphan(pgDir);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            log.info("Embedded PostgreSQL started on port {} with data in {}", postgres.getPort(), pgDir);
            return new EmbeddedDatabase(channel, lock, postgres);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Could not start the embedded PostgreSQL under " + dir, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
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

    String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
            log.info("Embedded PostgreSQL stopped");
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
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
