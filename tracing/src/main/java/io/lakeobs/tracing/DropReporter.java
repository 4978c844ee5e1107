package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.StreamKind;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Tells the application that tracing dropped events, on a plain stream (stderr by default), at
 * most once per interval: a full ring drops events silently on the recording thread, and the
 * drop metrics reach only the backend. One line per interval whatever the number of drops, and
 * a last one at shutdown. A stream rather than a logger so that the report can never be
 * recorded back into lakeobs (see {@link TracingBuilder#dropReports}). Used by the collector
 * only.
 */
final class DropReporter {
    private final PrintStream out;
    private final Clock clock;
    private final long intervalTicks;
    private final long[] pending = new long[StreamKind.values().length];
    private long unreported;
    private long total;
    private long lastReport;
    private boolean reported;

    DropReporter(final PrintStream out, final Clock clock, final Duration interval) {
        this.out = out;
        this.clock = clock;
        this.intervalTicks = (long) (interval.toNanos() / 1e9 * clock.ticksPerSecond());
    }

    /** Counts {@code events} dropped from a ring of that kind. */
    void dropped(final StreamKind kind, final long events) {
        pending[kind.ordinal()] += events;
        unreported += events;
        total += events;
    }

    /** Reports the drops counted since the last report, if any, unless one was made within the interval. */
    void report() {
        if (unreported == 0) {
            return;
        }
        final long now = clock.ticks();
        if (reported && now - lastReport < intervalTicks) {
            return;
        }
        reportNow(now);
    }

    /** Reports the drops counted since the last report, if any, now (at shutdown). */
    void reportRemaining() {
        reportNow(clock.ticks());
    }

    private void reportNow(final long now) {
        final long events = unreported;
        if (events == 0) {
            return;
        }
        unreported = 0;
        final StringBuilder line = new StringBuilder(160).append("lakeobs tracing: ")
            .append(String.format(Locale.ROOT, "%,d", events)).append(" events dropped");
        if (reported) {
            line.append(String.format(Locale.ROOT, " in the last %.1f s", (now - lastReport) / (double) clock.ticksPerSecond()));
        }
        line.append(" (");
        String separator = "";
        for (final StreamKind kind : StreamKind.values()) {
            if (pending[kind.ordinal()] > 0) {
                line.append(separator).append(kind.tag()).append(' ')
                    .append(String.format(Locale.ROOT, "%,d", pending[kind.ordinal()]));
                separator = ", ";
            }
            pending[kind.ordinal()] = 0;
        }
        line.append(String.format(Locale.ROOT, "; %,d since start): a thread's ring was full; ", total))
            .append("larger rings: TracingBuilder.ringCapacity");
        out.println(line);
        out.flush();
        lastReport = now;
        reported = true;
    }
}
