package io.lakeobs.functions.ingest.api;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A token bucket per API key: {@code rate} tokens per second, holding at most
 * {@code rate * burstSeconds}. One request takes one token. State lives in this function
 * instance, so with N warm instances a key gets up to N times its rate; the reserved concurrency
 * of the function bounds N (see docs/ingest.md).
 */
public final class TokenBucketRateLimiter {
    private final Clock clock;
    private final int burstSeconds;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public TokenBucketRateLimiter(final Clock clock, final int burstSeconds) {
        this.clock = clock;
        this.burstSeconds = burstSeconds;
    }

    /** Takes one token from the key's bucket; false when empty. A rate of 0 or less means unlimited. */
    public boolean tryAcquire(final String keyId, final int ratePerSecond) {
        if (ratePerSecond <= 0) {
            return true;
        }
        final double capacity = (double) ratePerSecond * burstSeconds;
        final Bucket bucket = buckets.computeIfAbsent(keyId, id -> new Bucket(capacity, clock.millis()));
        return bucket.tryTake(clock.millis(), ratePerSecond, capacity);
    }

    private static final class Bucket {
        private double tokens;
        private long lastMillis;

        Bucket(final double tokens, final long now) {
            this.tokens = tokens;
            this.lastMillis = now;
        }

        synchronized boolean tryTake(final long now, final int ratePerSecond, final double capacity) {
            if (now > lastMillis) {
                tokens = Math.min(capacity, tokens + (now - lastMillis) * ratePerSecond / 1000.0);
                lastMillis = now;
            }
            if (tokens >= 1.0) {
                tokens -= 1.0;
                return true;
            }
            return false;
        }
    }
}
