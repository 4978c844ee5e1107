package io.lakeobs.tracing;

/**
 * The time source of every event: one {@link #ticks()} call per event. Pluggable so tests can
 * drive time by hand and benchmarks can take the clock out of the measurement. Implementations
 * must be cheap, thread-safe and non-decreasing per thread.
 */
public interface Clock {
    /** The current raw clock value. */
    long ticks();

    /** How many ticks make a second; stored with the process so the backend converts to wall time. */
    long ticksPerSecond();

    /** {@link System#nanoTime()}: monotonic, 1 GHz nominal. The default. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }

    /** Always the same value: for benchmarks that measure recording without the clock. */
    static Clock constant(final long ticks) {
        return new ConstantClock(ticks);
    }

    /** The system clock. */
    enum SystemClock implements Clock {
        INSTANCE;

        @Override
        public long ticks() {
            return System.nanoTime();
        }

        @Override
        public long ticksPerSecond() {
            return 1_000_000_000L;
        }
    }

    /** A clock that never moves. */
    final class ConstantClock implements Clock {
        private final long ticks;

        ConstantClock(final long ticks) {
            this.ticks = ticks;
        }

        @Override
        public long ticks() {
            return ticks;
        }

        @Override
        public long ticksPerSecond() {
            return 1_000_000_000L;
        }
    }
}
