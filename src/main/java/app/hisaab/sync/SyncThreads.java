package app.hisaab.sync;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.task.VirtualThreadTaskExecutor;

/** The threads of the WebSocket hub: the delivery workers and the heartbeat's. */
final class SyncThreads {

    private SyncThreads() {}

    /**
     * At most {@code threads} threads, made when needed and ended after a minute idle. The queue needs no
     * bound of its own: it holds at most one run per user and a frame or close per connection, and those
     * are capped.
     */
    static ExecutorService bounded(int threads, String prefix) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(
                threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), deliveryThreads(prefix));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * On JDK 21+ virtual threads, scheduled with the requests' own: a delivery that writes to a
     * thousand sockets then takes turns with the requests ({@link FeedDelivery} yields every 64 frames)
     * instead of competing with them as eight more platform threads would, which kept a POST's answer
     * waiting until the fan-out it caused was done. On JDK 17, platform threads.
     */
    private static ThreadFactory deliveryThreads(String prefix) {
        if (Runtime.version().feature() >= 21) {
            return new VirtualThreadTaskExecutor(prefix).getVirtualThreadFactory();
        }
        return daemon(prefix);
    }

    static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix.endsWith("-") ? prefix + count.incrementAndGet() : prefix);
            thread.setDaemon(true);
            return thread;
        };
    }
}
