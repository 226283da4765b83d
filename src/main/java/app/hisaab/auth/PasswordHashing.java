package app.hisaab.auth;

import app.hisaab.web.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Hashes and checks passwords at most {@code concurrency} at a time: each argon2id hash holds 19 MiB, so
 * a flood of logins or registrations must not run them all at once. Up to {@code queue} more callers
 * wait up to {@code wait} for a turn; anyone beyond that, or still waiting then, gets 503 with
 * {@code Retry-After}. Waiting costs no hash memory.
 *
 * <p>Metrics: {@code hisaab.auth.password.hashes.active} (running now), {@code ...peak} (most ever at
 * once), {@code ...waiting}, and the counter {@code hisaab.auth.password.hashes.refused}.
 */
@Component
class PasswordHashing {

    static final String BUSY = "Too many sign-ins at once, retry shortly";

    private final PasswordEncoder encoder;
    private final int concurrency;
    private final int queue;
    private final long waitNanos;
    private final Semaphore turns;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private final Counter refused;

    PasswordHashing(PasswordEncoder encoder, AuthProperties properties, MeterRegistry registry) {
        this.encoder = encoder;
        this.concurrency = concurrency(properties);
        this.queue = Math.max(0, properties.hashQueue());
        this.waitNanos = properties.hashWait().toNanos();
        this.turns = new Semaphore(concurrency, true);
        Gauge.builder("hisaab.auth.password.hashes.active", active, AtomicInteger::get)
                .description("Password hashes running now")
                .register(registry);
        Gauge.builder("hisaab.auth.password.hashes.peak", peak, AtomicInteger::get)
                .description("Most password hashes that ever ran at once")
                .register(registry);
        Gauge.builder("hisaab.auth.password.hashes.waiting", waiting, AtomicInteger::get)
                .description("Sign-ins waiting for a turn to hash")
                .register(registry);
        this.refused = Counter.builder("hisaab.auth.password.hashes.refused")
                .description("Sign-ins answered 503 because every hashing turn was taken")
                .register(registry);
    }

    String encode(String password) {
        return bounded(() -> encoder.encode(password));
    }

    boolean matches(String password, String hash) {
        return bounded(() -> encoder.matches(password, hash));
    }

    int concurrency() {
        return concurrency;
    }

    /** How many hashes may run at once: the configured number, or one per available processor. */
    static int concurrency(AuthProperties properties) {
        return properties.hashConcurrency() > 0
                ? properties.hashConcurrency()
                : Runtime.getRuntime().availableProcessors();
    }

    int peak() {
        return peak.get();
    }

    private <T> T bounded(Supplier<T> hash) {
        acquire();
        try {
            int now = active.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            return hash.get();
        } finally {
            active.decrementAndGet();
            turns.release();
        }
    }

    private void acquire() {
        if (turns.tryAcquire()) {
            return;
        }
        if (waiting.incrementAndGet() > queue) {
            waiting.decrementAndGet();
            throw busy();
        }
        try {
            if (!turns.tryAcquire(waitNanos, TimeUnit.NANOSECONDS)) {
                throw busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        } finally {
            waiting.decrementAndGet();
        }
    }

    private ApiException busy() {
        refused.increment();
        return ApiException.unavailable(BUSY, 1);
    }
}
