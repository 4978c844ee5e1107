package io.lakeobs.functions.lifecycle.retention;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Lets a fixed number of threads run one request at a time, in an order drawn from a seeded
 * random: before each request a thread gives up its turn and waits until every thread still
 * running is waiting, then one is drawn. The interleaving is therefore the seed's, not the
 * scheduler's, and a test that checks state between requests sees every intermediate state.
 */
final class Lockstep {
    private static final long STUCK_MILLIS = 30_000;
    private final Random random;
    private final Set<Thread> waiting = new HashSet<>();
    private int participants;
    private Thread running;
    private Thread last;
    private int switches;

    Lockstep(final Random random, final int participants) {
        this.random = random;
        this.participants = participants;
    }

    /** Called by a participant before its first request. */
    void join() {
        turn();
    }

    /** Called before each request: waits for this thread's drawn turn. */
    synchronized void turn() {
        final Thread self = Thread.currentThread();
        if (running == self) {
            running = null;
        }
        waiting.add(self);
        notifyAll();
        final long deadline = System.currentTimeMillis() + STUCK_MILLIS;
        while (running != self) {
            if (running == null && waiting.size() == participants) {
                final List<Thread> candidates = new ArrayList<>(waiting);
                candidates.sort(Comparator.comparing(Thread::getName));
                running = candidates.get(random.nextInt(candidates.size()));
                if (last != null && running != last) {
                    switches++;
                }
                last = running;
                notifyAll();
                continue;
            }
            final long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new IllegalStateException("lockstep stuck: " + waiting.size() + " of " + participants + " waiting");
            }
            try {
                wait(left);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        waiting.remove(self);
    }

    /** Called by a participant when it is done. */
    synchronized void leave() {
        participants--;
        waiting.remove(Thread.currentThread());
        if (running == Thread.currentThread()) {
            running = null;
        }
        notifyAll();
    }

    synchronized int switches() {
        return switches;
    }
}
