package app.hisaab.web;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A token bucket per key (a client address, a user, an identifier), kept in this node's memory.
 * Buckets that have refilled completely are dropped by {@link #sweep()}, so idle keys cost nothing.
 */
public final class RateLimiter {

    private final long capacity;
    private final long perWindow;
    private final Duration window;
    private final boolean wholeWindow;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private RateLimiter(long capacity, long perWindow, Duration window, boolean wholeWindow) {
        if (capacity < 1 || perWindow < 1) {
            throw new IllegalArgumentException("a rate limit needs a capacity of at least 1");
        }
        this.capacity = capacity;
        this.perWindow = perWindow;
        this.window = window;
        this.wholeWindow = wholeWindow;
    }

    /** {@code capacity} per {@code window}, refilled smoothly (a token every window/capacity). */
    public static RateLimiter smooth(long capacity, Duration window) {
        return new RateLimiter(capacity, capacity, window, false);
    }

    /**
     * {@code perWindow} per {@code window} refilled smoothly, but at most {@code burst} at once: a full
     * bucket holds {@code burst} tokens.
     */
    public static RateLimiter burst(long burst, long perWindow, Duration window) {
        return new RateLimiter(Math.min(burst, perWindow), perWindow, window, false);
    }

    /** {@code capacity} per {@code window}, refilled whole when the window has passed. */
    public static RateLimiter perWindow(long capacity, Duration window) {
        return new RateLimiter(capacity, capacity, window, true);
    }

    /** Takes one token for the key or throws 429 with the seconds until one is free. */
    public void acquire(String key) {
        ConsumptionProbe probe = bucket(key).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw ApiException.tooManyRequests(seconds(probe.getNanosToWaitForRefill()));
        }
    }

    /** Gives back a token taken by {@link #acquire} (the attempt it paid for did not count). */
    public void refund(String key) {
        Bucket bucket = buckets.get(key);
        if (bucket != null) {
            bucket.addTokens(1);
        }
    }

    /** Throws 429 if the key has no token left, without taking one. */
    public void check(String key) {
        Bucket bucket = buckets.get(key);
        if (bucket != null) {
            EstimationProbe probe = bucket.estimateAbilityToConsume(1);
            if (!probe.canBeConsumed()) {
                throw ApiException.tooManyRequests(seconds(probe.getNanosToWaitForRefill()));
            }
        }
    }

    /** Takes one token for the key even if none is left (counts a failure). */
    public void charge(String key) {
        bucket(key).consumeIgnoringRateLimits(1);
    }

    /** Forgets keys whose buckets are full again. */
    void sweep() {
        buckets.values().removeIf(bucket -> bucket.getAvailableTokens() >= capacity);
    }

    int size() {
        return buckets.size();
    }

    private Bucket bucket(String key) {
        return buckets.computeIfAbsent(
                key,
                k -> Bucket.builder()
                        .addLimit(limit -> wholeWindow
                                ? limit.capacity(capacity).refillIntervally(capacity, window)
                                : limit.capacity(capacity).refillGreedy(perWindow, window))
                        .build());
    }

    private static long seconds(long nanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + 999_999_999L));
    }
}
