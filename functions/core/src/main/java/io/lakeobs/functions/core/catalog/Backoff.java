package io.lakeobs.functions.core.catalog;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before retrying what DynamoDB left unprocessed (a batch write under throttling):
 * capped exponential backoff with full jitter in production, no wait in tests, which make the
 * server leave items unprocessed on purpose.
 */
@FunctionalInterface
public interface Backoff {
    /** Attempts before giving up (the caller's run fails and the next one resumes). */
    int MAX_ATTEMPTS = 10;

    /** Does not wait. */
    Backoff NONE = attempt -> { };

    /** Waits before retry number {@code attempt} (1-based). */
    void pause(int attempt);

    /** Full jitter over {@code base * 2^(attempt-1)}, at most {@code cap}. */
    static Backoff capped(final Duration base, final Duration cap) {
        return attempt -> {
            final long ceiling = Math.min(cap.toMillis(), base.toMillis() << Math.min(20, attempt - 1));
            try {
                Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling + 1));
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while backing off", e);
            }
        };
    }
}
