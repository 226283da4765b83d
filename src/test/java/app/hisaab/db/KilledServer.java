package app.hisaab.db;

import java.nio.file.Path;

/**
 * Run in a JVM of its own and killed by a test: starts the embedded PostgreSQL on a data folder as the
 * server does, so that killing this JVM leaves that postgres running, owned by nobody.
 */
public final class KilledServer {

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase.start(Path.of(args[0]), false);
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
