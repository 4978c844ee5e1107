package io.lakeobs.uploader;

import java.time.Duration;
import java.util.Random;

/** Capped exponential backoff with "equal jitter": half the delay fixed, half random. */
final class Backoff {
    private final long baseMillis;
    private final long capMillis;
    private final Random random;

    Backoff(final Duration base, final Duration cap, final Random random) {
        this.baseMillis = Math.max(1, base.toMillis());
        this.capMillis = Math.max(baseMillis, cap.toMillis());
        this.random = random;
    }

    /** Delay before retry number {@code attempt} (0 for the first retry). */
    long delayMillis(final int attempt) {
        final long exponential = attempt >= 30 ? capMillis : Math.min(capMillis, baseMillis << attempt);
        final long half = exponential / 2;
        return exponential - half + (half == 0 ? 0 : (long) (random.nextDouble() * (half + 1)));
    }

    long capMillis() {
        return capMillis;
    }
}
