package app.hisaab.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SocketSessionUnitTests {

    private static final long ONE_MIB = 1024 * 1024;

    private final ExecutorService network = Executors.newCachedThreadPool();
    private final FakeWire socket = new FakeWire();
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger sending = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean blocked;

    /** A connection whose writes complete on another thread, held back while {@code blocked}. */
    private final class FakeWire implements Wire {
        final List<CloseStatus> closes = new CopyOnWriteArrayList<>();
        volatile long waitingSince;

        @Override
        public String id() {
            return "test";
        }

        @Override
        public boolean isOpen() {
            return closes.isEmpty();
        }

        @Override
        public void write(Frame frame, Written done) {
            mostAtOnce.accumulateAndGet(sending.incrementAndGet(), Math::max);
            network.execute(() -> {
                try {
                    if (blocked) {
                        release.await(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] bytes = frame.bytes();
                int header = bytes.length - (int) frame.payloadLength();
                sent.add(new String(Arrays.copyOfRange(bytes, header, bytes.length), StandardCharsets.UTF_8));
                sending.decrementAndGet();
                done.done(null);
            });
        }

        @Override
        public void close(CloseStatus status) {
            closes.add(status);
        }

        @Override
        public long waitingSince() {
            return waitingSince;
        }
    }

    @AfterEach
    void tearDown() {
        release.countDown();
        network.shutdownNow();
    }

    private SocketSession session(boolean blocked) {
        this.blocked = blocked;
        return new SocketSession(socket, ONE_MIB, 20, System.nanoTime());
    }

    @Test
    void aFrameTheClientHasNotTakenForTheSendTimeoutStallsTheSession() {
        SocketSession session = session(false);
        long timeout = SocketSession.SEND_TIMEOUT_MILLIS * 1_000_000L;
        long since = 5_000_000_000L;

        assertThat(session.stalled(since + 2 * timeout)).as("nothing waiting").isFalse();
        socket.waitingSince = since;
        assertThat(session.stalled(since + timeout)).as("at the timeout").isFalse();
        assertThat(session.stalled(since + timeout + 1)).as("past the timeout").isTrue();
        socket.waitingSince = 0;
        assertThat(session.stalled(since + 2 * timeout))
                .as("the frame went out")
                .isFalse();
    }

    @Test
    void framesGoOutInOrderOneAtATime() {
        SocketSession session = session(false);
        for (int i = 0; i < 200; i++) {
            assertThat(session.send("m" + i)).isTrue();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == 200);
        assertThat(sent).first().isEqualTo("m0");
        assertThat(sent).last().isEqualTo("m199");
        for (int i = 0; i < 200; i++) {
            assertThat(sent.get(i)).isEqualTo("m" + i);
        }
        assertThat(mostAtOnce.get()).isEqualTo(1);
    }

    @Test
    void aQueuePastOneMiBClosesWith1013() {
        SocketSession session = session(true);
        String kib = "x".repeat(1024);
        int accepted = 0;
        while (session.send(kib)) {
            accepted++;
        }

        // The first frame is being written (blocked); 1 MiB more fits in the queue.
        assertThat(accepted).isBetween(1024, 1025);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(socket.closes).containsExactly(new CloseStatus(1013, "Client reads too slowly")));
        assertThat(session.isOpen()).isFalse();
    }

    @Test
    void aFullQueuePausesTheFeedUntilItHasDrained() {
        SocketSession session = session(true);
        AtomicInteger wakeUps = new AtomicInteger();
        session.onWritable(wakeUps::incrementAndGet);
        String kib = "x".repeat(1024);
        assertThat(session.pauseIfFull()).isFalse();
        for (int i = 0; i < 300; i++) {
            session.send(kib);
        }

        assertThat(session.pauseIfFull()).isTrue();
        assertThat(wakeUps).hasValue(0);
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> sent.size() == 300);
        assertThat(wakeUps).hasValue(1);
        assertThat(session.pauseIfFull()).isFalse();
        assertThat(session.isOpen()).isTrue();
    }

    @Test
    void closeAfterQueuedSendsWhatWasQueuedFirst() {
        SocketSession session = session(false);
        session.send("auth_error");
        session.closeAfterQueued(SocketSession.UNAUTHORIZED);

        assertThat(session.send("late")).isFalse();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(socket.closes).containsExactly(SocketSession.UNAUTHORIZED));
        assertThat(sent).containsExactly("auth_error");
    }

    @Test
    void moreThanTheLimitWithinOneSecondIsTooMany() {
        SocketSession session = session(false);
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            assertThat(session.tooManyMessages(start + i * 1_000_000L)).isFalse();
        }
        assertThat(session.tooManyMessages(start + 999_000_000L)).isTrue();

        SocketSession steady = new SocketSession(socket, ONE_MIB, 20, start);
        for (int i = 0; i < 100; i++) {
            assertThat(steady.tooManyMessages(start + i * 50_000_000L)).isFalse();
        }
    }
}
