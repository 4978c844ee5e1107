package io.lakeobs.local.crash;

import io.lakeobs.functions.core.catalog.TableNames;
import io.lakeobs.functions.views.OnDemandEtl;
import io.lakeobs.functions.views.View;
import io.lakeobs.functions.views.ViewsConfig;
import io.lakeobs.functions.views.catalog.ViewStore;
import io.lakeobs.local.EmbeddedStack;
import io.lakeobs.local.iam.Principals;
import io.lakeobs.local.query.ProcessViews;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The sequences of a {@link SequenceChild} as a user finds them: its {@code log_entries} view,
 * derived on demand as {@code lakeobs etl} does (the on-demand function's own clients), read
 * back with DuckDB. Counts what {@link SequenceCensus#of} counts in the blocks, so a loss the
 * ETL would add (an event the decoder skips, a block left out of the view) shows too.
 */
public final class ViewCensus {
    private static final long DAY_MILLIS = 86_400_000L;
    private final EmbeddedStack stack;
    private final ProcessViews views;
    private final Clock clock;

    public ViewCensus(final EmbeddedStack stack, final Path scratch, final Clock clock) {
        final ViewsConfig config = ViewsConfig.fromEnv(Map.of(ViewsConfig.VIEWS_BUCKET, stack.viewsBucket()),
            TableNames.withPrefix(stack.tablePrefix()), stack.rawBucket());
        this.stack = stack;
        this.views = new ProcessViews(stack.viewsRuntime(Principals.ON_DEMAND_ETL, config, clock),
            new ViewStore(stack.s3(), stack.viewsBucket()), scratch);
        this.clock = clock;
    }

    /**
     * Indexes what arrived (delivers pending S3 notifications), derives the run's process views
     * (the last day up to now) and counts its sequences in them.
     */
    public SequenceCensus of(final KillRun run) throws IOException, SQLException {
        stack.deliverPendingNotifications();
        final long now = clock.millis();
        return views.read(new OnDemandEtl.Request(run.processId(), null, now - DAY_MILLIS, now + 60_000), query -> {
            if (!query.views().contains(View.LOG_ENTRIES.tableName())) {
                return new SequenceCensus(0, run.lastSequence() + 1, 0, 0);
            }
            final List<Object> row = query.select("SELECT"
                + " count(DISTINCT seq) FILTER (WHERE seq <= ?), count(*) - count(DISTINCT seq),"
                + " count(DISTINCT seq) FILTER (WHERE seq > ?)"
                + " FROM (SELECT CAST(split_part(msg, ' ', 2) AS BIGINT) AS seq FROM log_entries WHERE target = ?)",
                1, run.lastSequence(), run.lastSequence(), SequenceCensus.TARGET).rows().get(0);
            final long found = ((Number) row.get(0)).longValue();
            return new SequenceCensus(found, run.lastSequence() + 1 - found, ((Number) row.get(1)).longValue(),
                ((Number) row.get(2)).longValue());
        });
    }

    /**
     * For a run recorded on virtual threads ({@link SequenceChild#VIRTUAL_THREADS}): the threads
     * the run's view attributes each worker's sequences to ({@link VirtualWorkers#worker}), as
     * "thread_name thread_id"; one per worker, on a stripe's stream, when attribution survived.
     */
    public Map<Integer, Set<String>> threadsOfWorkers(final KillRun run) throws IOException, SQLException {
        stack.deliverPendingNotifications();
        final long now = clock.millis();
        return views.read(new OnDemandEtl.Request(run.processId(), null, now - DAY_MILLIS, now + 60_000), query -> {
            final Map<Integer, Set<String>> threads = new TreeMap<>();
            if (!query.views().contains(View.LOG_ENTRIES.tableName())) {
                return threads;
            }
            for (final List<Object> row : query.select("SELECT DISTINCT CAST(floor(seq / " + VirtualWorkers.RUN
                + ") AS BIGINT) % " + VirtualWorkers.WORKERS + ", thread_name, thread_id"
                + " FROM (SELECT CAST(split_part(msg, ' ', 2) AS BIGINT) AS seq, thread_name, thread_id"
                + " FROM log_entries WHERE target = ?)", 10_000, SequenceCensus.TARGET).rows()) {
                threads.computeIfAbsent(((Number) row.get(0)).intValue(), k -> new TreeSet<>())
                    .add(row.get(1) + " " + row.get(2));
            }
            return threads;
        });
    }
}
