package app.hisaab.web;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Makes the rate limiters of every feature and forgets their idle keys once a minute. */
@Component
public class RateLimiters {

    private final List<RateLimiter> limiters = new CopyOnWriteArrayList<>();

    public RateLimiter smooth(long capacity, Duration window) {
        return register(RateLimiter.smooth(capacity, window));
    }

    public RateLimiter burst(long burst, long perWindow, Duration window) {
        return register(RateLimiter.burst(burst, perWindow, window));
    }

    public RateLimiter perWindow(long capacity, Duration window) {
        return register(RateLimiter.perWindow(capacity, window));
    }

    private RateLimiter register(RateLimiter limiter) {
        limiters.add(limiter);
        return limiter;
    }

    @Scheduled(fixedDelay = 60_000)
    void sweep() {
        limiters.forEach(RateLimiter::sweep);
    }
}
