package io.lakeobs.local.crash;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.function.LongConsumer;

/**
 * {@link SequenceChild}'s virtual-thread mode: {@value #WORKERS} virtual threads record the
 * sequences in turn, each a run of {@value #RUN} consecutive ones ({@link #worker}), so a stripe
 * ring holds runs of one thread without a thread_switch between their events as well as
 * switches between threads. The caller hands a sequence to its worker and gets it back once the
 * worker's recording call returned: printing it then still means "recorded".
 *
 * <p>Needs Java 21+ (the virtual-thread executor is looked up at run time; this module is Java 17
 * bytecode).
 */
public final class VirtualWorkers implements LongConsumer {
    /** Virtual threads recording, and the consecutive sequences each records in its turn. */
    public static final int WORKERS = 8;
    public static final int RUN = 10;

    private final SynchronousQueue<Long>[] work;
    private final SynchronousQueue<Long> recorded = new SynchronousQueue<>();

    @SuppressWarnings("unchecked")
    private VirtualWorkers() {
        work = new SynchronousQueue[WORKERS];
        for (int i = 0; i < WORKERS; i++) {
            work[i] = new SynchronousQueue<>();
        }
    }

    /** The worker that records {@code sequence}. */
    static int worker(final long sequence) {
        return (int) (sequence / RUN % WORKERS);
    }

    /** Starts the workers; refuses with the JVM's version where there are no virtual threads. */
    static VirtualWorkers start() {
        final ExecutorService threads;
        try {
            threads = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (final NoSuchMethodException beforeJava21) {
            throw new IllegalStateException("recording on virtual threads needs Java 21+, this JVM is "
                + System.getProperty("java.version"));
        } catch (final ReflectiveOperationException e) {
            throw new IllegalStateException("cannot start virtual threads", e);
        }
        final VirtualWorkers workers = new VirtualWorkers();
        for (int i = 0; i < WORKERS; i++) {
            final SynchronousQueue<Long> mine = workers.work[i];
            threads.execute(() -> workers.record(mine));
        }
        return workers;
    }

    @Override
    public void accept(final long sequence) {
        try {
            work[worker(sequence)].put(sequence);
            recorded.take();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void record(final SynchronousQueue<Long> mine) {
        try {
            while (true) {
                final long sequence = mine.take();
                SequenceChild.SEQUENCE.log(sequence);
                recorded.put(sequence);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
