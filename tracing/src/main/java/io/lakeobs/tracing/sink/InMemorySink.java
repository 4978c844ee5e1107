package io.lakeobs.tracing.sink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps everything it receives, for tests: the process, the streams and the blocks in arrival
 * order. Reads are safe from any thread. {@link #slowDown} makes {@link #onBlock} wait until
 * {@link #resume} so tests can fill the rings on purpose and check drop counts.
 */
public final class InMemorySink implements TelemetrySink {
    private final Object lock = new Object();
    private final List<ProcessInfo> processes = new ArrayList<>();
    private final List<StreamInfo> streams = new ArrayList<>();
    private final List<EncodedBlock> blocks = new ArrayList<>();
    private final AtomicInteger flushes = new AtomicInteger();
    private final AtomicInteger shutdowns = new AtomicInteger();
    private boolean paused;

    @Override
    public void onProcessStarted(final ProcessInfo process) {
        synchronized (lock) {
            processes.add(process);
        }
    }

    @Override
    public void onStreamCreated(final StreamInfo stream) {
        synchronized (lock) {
            streams.add(stream);
        }
    }

    @Override
    public void onBlock(final EncodedBlock block) {
        synchronized (lock) {
            while (paused) {
                try {
                    lock.wait();
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            blocks.add(block);
            lock.notifyAll();
        }
    }

    /**
     * Waits until at least {@code count} blocks have arrived, for tests of timed behaviour that
     * must not sleep.
     *
     * @return false when {@code timeout} passed first
     */
    public boolean awaitBlocks(final int count, final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (blocks.size() < count) {
                final long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(lock, remaining);
            }
            return true;
        }
    }

    @Override
    public void flush() {
        flushes.incrementAndGet();
    }

    @Override
    public void shutdown(final Duration deadline) {
        shutdowns.incrementAndGet();
        resume();
    }

    /** Blocks the next {@link #onBlock} calls until {@link #resume}. */
    public void slowDown() {
        synchronized (lock) {
            paused = true;
        }
    }

    public void resume() {
        synchronized (lock) {
            paused = false;
            lock.notifyAll();
        }
    }

    public List<ProcessInfo> processes() {
        synchronized (lock) {
            return List.copyOf(processes);
        }
    }

    public List<StreamInfo> streams() {
        synchronized (lock) {
            return List.copyOf(streams);
        }
    }

    public List<EncodedBlock> blocks() {
        synchronized (lock) {
            return List.copyOf(blocks);
        }
    }

    public int flushCount() {
        return flushes.get();
    }

    public int shutdownCount() {
        return shutdowns.get();
    }

    public void clear() {
        synchronized (lock) {
            blocks.clear();
        }
    }
}
