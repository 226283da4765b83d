package app.hisaab.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RateLimiterUnitTests {

    @Test
    void aBurstLimitLetsOnlyTheBurstThroughAtOnce() {
        RateLimiter limiter = RateLimiter.burst(10, 60, Duration.ofMinutes(1));
        for (int i = 0; i < 10; i++) {
            limiter.acquire("203.0.113.9");
        }
        assertThatThrownBy(() -> limiter.acquire("203.0.113.9"))
                .isInstanceOfSatisfying(
                        ApiException.RateLimited.class,
                        e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
        limiter.acquire("203.0.113.10"); // another address has its own
    }

    @Test
    void concurrentAcquiresNeverTakeMoreThanTheLimitAndARefundGivesOneBack() throws Exception {
        RateLimiter limiter = RateLimiter.perWindow(10, Duration.ofMinutes(15));
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> attempts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                attempts.add(threads.submit(() -> {
                    start.await();
                    try {
                        limiter.acquire("e:victim@example.com");
                        return true;
                    } catch (ApiException.RateLimited e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int granted = 0;
            for (Future<Boolean> attempt : attempts) {
                granted += attempt.get() ? 1 : 0;
            }
            assertThat(granted).isEqualTo(10);
        } finally {
            threads.shutdownNow();
        }
        limiter.refund("e:victim@example.com");
        limiter.acquire("e:victim@example.com");
        assertThatThrownBy(() -> limiter.acquire("e:victim@example.com")).isInstanceOf(ApiException.RateLimited.class);
    }
}
