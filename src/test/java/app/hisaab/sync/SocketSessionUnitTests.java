package app.hisaab.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

class SocketSessionUnitTests {

    private static final long ONE_MIB = 1024 * 1024;

    private final ExecutorService senders = Executors.newCachedThreadPool();
    private final WebSocketSession socket = mock(WebSocketSession.class);
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final AtomicInteger sending = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        senders.shutdownNow();
    }

    private SocketSession session(boolean blocked) throws Exception {
        when(socket.isOpen()).thenReturn(true);
        when(socket.getId()).thenReturn("test");
        doAnswer(invocation -> {
                    mostAtOnce.accumulateAndGet(sending.incrementAndGet(), Math::max);
                    if (blocked) {
                        release.await(10, TimeUnit.SECONDS);
                    }
                    sent.add(((TextMessage) invocation.getArgument(0)).getPayload());
                    sending.decrementAndGet();
                    return null;
                })
                .when(socket)
                .sendMessage(any());
        return new SocketSession(socket, senders, ONE_MIB, 20, System.nanoTime());
    }

    @Test
    void framesGoOutInOrderOneAtATime() throws Exception {
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
    void aQueuePastOneMiBClosesWith1013() throws Exception {
        SocketSession session = session(true);
        String kib = "x".repeat(1024);
        int accepted = 0;
        while (session.send(kib)) {
            accepted++;
        }

        // The first frame is being written (blocked); 1 MiB more fits in the queue.
        assertThat(accepted).isBetween(1024, 1025);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> verify(socket).close(new CloseStatus(1013, "Client reads too slowly")));
        assertThat(session.isOpen()).isFalse();
    }

    @Test
    void aFullQueuePausesTheFeedUntilItHasDrained() throws Exception {
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
    void closeAfterQueuedSendsWhatWasQueuedFirst() throws Exception {
        SocketSession session = session(false);
        session.send("auth_error");
        session.closeAfterQueued(SocketSession.UNAUTHORIZED);

        assertThat(session.send("late")).isFalse();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> verify(socket).close(SocketSession.UNAUTHORIZED));
        assertThat(sent).containsExactly("auth_error");
    }

    @Test
    void moreThanTheLimitWithinOneSecondIsTooMany() throws Exception {
        SocketSession session = session(false);
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            assertThat(session.tooManyMessages(start + i * 1_000_000L)).isFalse();
        }
        assertThat(session.tooManyMessages(start + 999_000_000L)).isTrue();

        SocketSession steady = new SocketSession(socket, senders, ONE_MIB, 20, start);
        for (int i = 0; i < 100; i++) {
            assertThat(steady.tooManyMessages(start + i * 50_000_000L)).isFalse();
        }
    }
}
