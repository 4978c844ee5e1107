package io.lakeobs.tracing.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * A loaded host, reproducibly, for the burst harness in benchmarks and {@code BurstTest}:
 * {@code threads} platform threads that spin on arithmetic (no allocation, no recording, no
 * sleeping) until {@link #close()}, so they compete for the same cores as the application's
 * recording threads and tracing's collector. Run the JVM on the cores to load (for example
 * {@code taskset -c 0,1 java ...}) to pin the competition there.
 */
public final class LoadGenerator implements AutoCloseable {
    private final List<Thread> spinners = new ArrayList<>();
    private volatile boolean running = true;
    /** Written once at the end so the JIT cannot drop the spinning. */
    private volatile long sink;

    public LoadGenerator(final int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("busy threads must be >= 0: " + threads);
        }
        for (int t = 0; t < threads; t++) {
            final Thread spinner = new Thread(this::spin, "busy-" + t);
            spinner.setDaemon(true);
            spinners.add(spinner);
            spinner.start();
        }
    }

    private void spin() {
        long x = Thread.currentThread().getId() | 1;
        while (running) {
            for (int i = 0; i < 10_000; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
            }
        }
        sink = x;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (final Thread spinner : spinners) {
            spinner.join();
        }
    }
}
