package app.hisaab.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL programs that come in the zonky binaries jar, unpacked once under {@code DATA_DIR}
 * (not a temporary folder other users can write to), in a folder named after the archive's digest so a
 * new PostgreSQL version unpacks beside the old one. Unpacking goes to a scratch folder that is renamed
 * into place when complete, so a killed start never leaves half a set of programs.
 */
final class PostgresBinaries {

    private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);
    private static final String COMPLETE = ".complete";

    private PostgresBinaries() {}

    /** The folder holding {@code bin/postgres}, unpacked under {@code parent} if it is not yet. */
    static Path under(Path parent) throws IOException {
        byte[] archive;
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system(), architecture())) {
            if (in == null) {
                throw new IllegalStateException(
                        "No embedded PostgreSQL for " + system() + " " + architecture() + "; set DATABASE_URL");
            }
            archive = in.readAllBytes();
        }
        Path target = parent.resolve("PG-" + digest(archive));
        if (Files.exists(target.resolve(COMPLETE))) {
            return target;
        }
        Files.createDirectories(parent);
        restrict(parent);
        Path scratch = Files.createTempDirectory(parent, ".unpacking-");
        try {
            log.info("Unpacking the embedded PostgreSQL into {}", target);
            unpack(archive, scratch);
            Files.createFile(scratch.resolve(COMPLETE));
            try {
                Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                // a half-unpacked folder from an older version of this code, or a concurrent start
                deleteTree(target);
                Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            if (Files.exists(scratch)) {
                deleteTree(scratch);
            }
        }
        return target;
    }

    private static void unpack(byte[] archive, Path into) throws IOException {
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path file = into.resolve(entry.getName()).normalize();
                if (!file.startsWith(into)) {
                    throw new IOException("Archive entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(file.getParent());
                    Files.createSymbolicLink(file, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(file.getParent());
                    Files.createLink(file, into.resolve(entry.getLinkName()).normalize());
                } else if (entry.isFile()) {
                    Files.createDirectories(file.getParent());
                    Files.copy(tar, file);
                    Files.setPosixFilePermissions(file, permissions(entry.getMode(), entry.getName()));
                } else {
                    throw new IOException("Unsupported archive entry " + entry.getName());
                }
            }
        }
    }

    /** The archive's own mode, without group or world write; programs under bin/ executable. */
    private static Set<PosixFilePermission> permissions(int mode, String name) {
        int bits = mode & 0755;
        if (name.startsWith("bin/") || name.startsWith("./bin/")) {
            bits |= 0755;
        }
        bits |= 0600;
        StringBuilder text = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            text.append((bits & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        return PosixFilePermissions.fromString(text.toString());
    }

    static void restrict(Path directory) throws IOException {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String digest(byte[] archive) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(archive);
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String system() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.contains("linux")) {
            return "Linux";
        }
        if (os.contains("mac")) {
            return "Darwin";
        }
        throw new IllegalStateException("The embedded PostgreSQL runs on Linux and macOS only; set DATABASE_URL");
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch");
        return "amd64".equals(arch) ? "x86_64" : arch;
    }
}
