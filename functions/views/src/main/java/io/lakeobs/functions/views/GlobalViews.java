package io.lakeobs.functions.views;

import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.catalog.ProcessRecord;
import io.lakeobs.functions.core.retention.Deadlines;
import io.lakeobs.functions.core.partitions.LiveFiles;
import io.lakeobs.functions.core.partitions.Partition;
import io.lakeobs.functions.core.partitions.PartitionCatalog;
import io.lakeobs.functions.core.partitions.ViewLayout;
import io.lakeobs.functions.views.etl.EtlOutput;
import io.lakeobs.functions.views.etl.SkippedBlock;
import io.lakeobs.functions.views.etl.SourceBlock;
import io.lakeobs.functions.views.etl.ViewData;
import io.lakeobs.functions.views.etl.ViewEtl;
import io.lakeobs.functions.views.split.PartRequest;
import io.lakeobs.functions.views.split.PartResult;
import io.lakeobs.functions.views.split.PartRunner;
import io.lakeobs.functions.views.split.SplitSettings;
import io.lakeobs.functions.views.split.ViewWorkers;
import io.lakeobs.functions.views.split.WindowSplitter;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * The scheduled job behind {@link ScheduledViewsHandler}: global log_entries and measures (and
 * the catalog views blocks, streams, processes: one row per item per window) by insert-time minute, incremental and idempotent, then roll-ups and garbage collection.
 * <ul>
 *   <li>A minute window is processed once it is closed ({@code lateness} after its end). Each run
 *   re-checks the last {@code lookback} of windows: the blocks of a window are listed (16 shard
 *   Queries), hashed, and compared with the partition item; an equal hash and schema version is a
 *   no-op (no read of any block, no write), so a re-run writes nothing.</li>
 *   <li>A block indexed late gets a late insert time, so it lands in a later window and is not lost.</li>
 *   <li>Roll-ups re-derive from the blocks (the source minutes recorded on each item), not from
 *   Parquet: reading Parquet with parquet-java needs Hadoop classes at run time, the blocks are the
 *   source of truth anyway, they are about as many bytes as the Parquet files, and re-deriving
 *   applies the current schema and drops what retention has removed.</li>
 * </ul>
 */
public final class GlobalViews {
    static final String JOB = "global";
    static final String RAW_EXPIRY_JOB = "global-raw-expiry";
    static final String KEPT_EXPIRY_JOB = "global-kept-expiry";
    /** Days each expiry step handles per run at most (one a day in steady state; catch-up is bounded). */
    private static final int MAX_EXPIRY_DAYS_PER_RUN = 3;
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 3_600_000L;
    private static final Set<View> VIEWS = View.globalViews();
    /** Event views: blocks with logs or metrics, of the processes the policy admits, except parked blocks. */
    private static final Set<View> EVENT_VIEWS = group(View.Source.EVENTS);
    /** Catalog views: every block indexed in the window, with its stream and process; no block is read. */
    private static final Set<View> CATALOG_VIEWS = group(View.Source.CATALOG);
    private final CatalogSource source;
    private final ViewPublisher publisher;
    private final PartitionCatalog partitions;
    private final ViewsConfig config;
    private final Clock clock;
    private final ViewEtl etl;
    private final Deadlines deadlines;
    private final WindowSplitter splitter;
    private final PartRunner parts;

    /** Windows never split. */
    public GlobalViews(final CatalogSource source, final ViewPublisher publisher, final ViewsConfig config,
                       final Deadlines deadlines, final Clock clock) {
        this(source, publisher, config, deadlines, clock, SplitSettings.UNSPLIT, request -> {
            throw new IllegalStateException("no view workers: windows are not split");
        });
    }

    /** Windows of events over the part budget are split into parts derived by {@code workers}, in parallel. */
    public GlobalViews(final CatalogSource source, final ViewPublisher publisher, final ViewsConfig config,
                       final Deadlines deadlines, final Clock clock, final SplitSettings split, final ViewWorkers workers) {
        this.splitter = new WindowSplitter(split);
        this.parts = new PartRunner(workers, split);
        this.deadlines = deadlines;
        this.source = source;
        this.publisher = publisher;
        this.partitions = publisher.partitions();
        this.config = config;
        this.clock = clock;
        this.etl = new ViewEtl(config.parquet());
    }

    /**
     * What a run did. {@code rederived}: partitions derived again from the blocks that remain (their
     * day passed its raw deadline, or a process was deleted on request); {@code expired}: partitions
     * of days past the kept deadline dropped.
     */
    public record Report(long fromMillis, long toMillis, int windowsWritten, int blocksRead, List<Partition> written,
                         List<SkippedBlock> skipped, int rollups, int filesDeleted, int rederived, int expired, long nowMillis) {
        /** How far the views are behind the run's clock: from the end of the last window published to now. */
        public long lagMillis() {
            return Math.max(0, nowMillis - toMillis);
        }
    }

    public Report run() {
        final long now = clock.millis();
        source.clear();
        final long closedEnd = floor(now - config.lateness().toMillis(), MINUTE);
        final Optional<Long> watermark = partitions.watermark(JOB);
        final long lookback = config.lookback().toMillis();
        final long from = floor(watermark.map(w -> w - lookback).orElse(closedEnd - config.initialLookback().toMillis()), MINUTE);
        final long newFrom = Math.max(from, watermark.orElse(from));
        final long to = Math.min(closedEnd, newFrom + config.maxWindowsPerRun() * MINUTE);
        final Accumulator acc = new Accumulator();
        // first: a deleted process's rows go, and its old files with them, before any window is re-checked
        final int requested = rederiveRequested(now, acc);
        // per window: published (manifests included), then the watermark moves past it, so a run that
        // fails or times out keeps the progress of every window before the one that failed
        final WindowWatermark mark = new WindowWatermark(partitions, JOB, watermark, from, MINUTE);
        for (long minute = from; minute < to; minute += MINUTE) {
            processWindow(minute, acc, now);
            refreshScopes(acc.touched, 0, 0, now);
            mark.published(minute);
        }
        refreshScopes(acc.touched, from, to, now);
        final long settled = watermark.map(w -> Math.max(w, to)).orElse(to) - lookback;
        final int rollups = rollUp(settled, acc, now);
        final int expired = dropExpiredDays(now);
        final int rederived = requested + rederiveRawExpiredDays(now, acc);
        final int deleted = publisher.collectGarbage(now, config.garbageGrace().toMillis());
        return new Report(from, to, acc.windows, acc.blocksRead, List.copyOf(acc.written), List.copyOf(acc.skipped), rollups,
            deleted, rederived, expired, now);
    }

    /**
     * Windows before the kept deadline's first visible day: every row of them is past its deadline,
     * so their live partitions are dropped (expired, files retired, manifests rewritten without
     * them). One Query per view over the days since the last drop; nothing is written when nothing
     * expired since.
     */
    private int dropExpiredDays(final long now) {
        final long cutoff = deadlines.firstVisibleDay(now, true);
        final long from = partitions.watermark(KEPT_EXPIRY_JOB).orElse(0L);
        if (from >= cutoff) {
            return 0;
        }
        int dropped = 0;
        for (final View view : VIEWS) {
            final Set<Long> days = new TreeSet<>();
            for (final Partition p : LiveFiles.liveItems(partitions.range(view.tableName(), ViewLayout.GLOBAL, from, cutoff))) {
                partitions.setState(p, Partition.EXPIRED, now);
                p.fileKeys().forEach(key -> partitions.retire(key, now));
                days.add(floor(p.beginMillis(), ViewLayout.DAY_MILLIS));
                dropped++;
            }
            days.forEach(day -> publisher.refresh(view.tableName(), ViewLayout.GLOBAL, day, now));
        }
        partitions.advanceWatermark(KEPT_EXPIRY_JOB, cutoff);
        return dropped;
    }

    /**
     * Days past the raw deadline but not the kept one: their live partitions are derived again from
     * the blocks that remain visible (the kept ones), once, when the day's raw deadline passes. The
     * day's blocks are listed with the by_insert_day index (16 Queries); a partition whose sources did
     * not change (nothing unkept in it) is left as it is and reads nothing. Days without a live
     * partition are skipped without listing anything.
     */
    private int rederiveRawExpiredDays(final long now, final Accumulator acc) {
        final long keptCutoff = deadlines.firstVisibleDay(now, true);
        final long cutoff = deadlines.firstVisibleDay(now, false);
        final long from = Math.max(partitions.watermark(RAW_EXPIRY_JOB).orElse(keptCutoff), keptCutoff);
        if (from >= cutoff) {
            return 0;
        }
        final Map<Long, List<Partition>> liveByDay = new TreeMap<>();
        for (final View view : VIEWS) {
            for (final Partition p : LiveFiles.liveItems(partitions.range(view.tableName(), ViewLayout.GLOBAL, from, cutoff))) {
                liveByDay.computeIfAbsent(floor(p.beginMillis(), ViewLayout.DAY_MILLIS), d -> new ArrayList<>()).add(p);
            }
        }
        int rederived = 0;
        long done = cutoff;
        int days = 0;
        for (final Map.Entry<Long, List<Partition>> day : liveByDay.entrySet()) {
            if (days++ == MAX_EXPIRY_DAYS_PER_RUN) {
                done = day.getKey(); // the rest next run
                break;
            }
            final Map<Long, List<BlockRecord>> byMinute = blocksByMinute(day.getKey());
            for (final Partition p : day.getValue()) {
                if (rederiveIfChanged(p, byMinute, acc, now)) {
                    rederived++;
                }
            }
            refreshScopes(acc.touched, 0, 0, now);
        }
        partitions.advanceWatermark(RAW_EXPIRY_JOB, done);
        return rederived;
    }

    /**
     * Global partitions that held rows of a process deleted on request ({@code _rederive#global}):
     * derived again from the blocks that remain; once the manifests no longer list the old files,
     * those are deleted at once rather than after the grace period, since their rows must be gone.
     */
    private int rederiveRequested(final long now, final Accumulator acc) {
        int rederived = 0;
        for (final Map.Entry<String, List<Long>> request : partitions.rederiveRequests().entrySet()) {
            final long day = Long.parseLong(request.getKey());
            final Set<Long> minutes = new HashSet<>(request.getValue());
            final Map<Long, List<BlockRecord>> byMinute = blocksByMinute(day);
            final List<String> replaced = new ArrayList<>();
            for (final View view : VIEWS) {
                for (final Partition p : LiveFiles.liveItems(partitions.range(view.tableName(), ViewLayout.GLOBAL, day,
                    day + ViewLayout.DAY_MILLIS))) {
                    if (p.sourceMinutes().stream().anyMatch(minutes::contains) && rederiveIfChanged(p, byMinute, acc, now)) {
                        rederived++;
                        replaced.addAll(p.fileKeys());
                    }
                }
            }
            refreshScopes(acc.touched, 0, 0, now);
            publisher.store().delete(replaced);
            partitions.forgetRederive(request.getKey(), request.getValue());
        }
        return rederived;
    }

    /** The blocks inserted on a UTC day (by_insert_day, 16 Queries), by insert minute. */
    private Map<Long, List<BlockRecord>> blocksByMinute(final long day) {
        final Map<Long, List<BlockRecord>> byMinute = new HashMap<>();
        for (final BlockRecord block : source.insertedOnDay(day)) {
            byMinute.computeIfAbsent(floor(block.insertTimeMillis(), MINUTE), m -> new ArrayList<>()).add(block);
        }
        return byMinute;
    }

    /** Derives a partition again from the visible blocks of its source minutes if they changed; true if it did. */
    private boolean rederiveIfChanged(final Partition p, final Map<Long, List<BlockRecord>> byMinute,
                                      final Accumulator acc, final long now) {
        final View view = View.fromTableName(p.view());
        final List<BlockRecord> records = new ArrayList<>();
        p.sourceMinutes().forEach(minute -> records.addAll(byMinute.getOrDefault(minute, List.of())));
        final List<SourceBlock> sources = select(records, groupOf(view));
        final String hash = ViewPublisher.sourceHash(sources);
        if (hash.equals(p.sourceHash())) {
            return false;
        }
        derive(EnumSet.of(view), p.beginMillis(), p.endMillis(), sources, hash, p.sourceMinutes(), acc, now);
        return true;
    }

    private void processWindow(final long minute, final Accumulator acc, final long now) {
        final List<BlockRecord> records = source.insertedInMinute(minute);
        for (final Set<View> group : List.of(EVENT_VIEWS, CATALOG_VIEWS)) {
            final List<SourceBlock> sources = select(records, group);
            final String hash = ViewPublisher.sourceHash(sources);
            final Set<View> todo = EnumSet.noneOf(View.class);
            for (final View view : group) {
                final Optional<Partition> existing = partitions.get(view.tableName(), ViewLayout.GLOBAL, minute, minute + MINUTE);
                if (existing.isEmpty() ? !sources.isEmpty()
                    : existing.get().live() && (!existing.get().sourceHash().equals(hash)
                        || existing.get().schemaVersion() != View.SCHEMA_VERSION)) {
                    todo.add(view);
                }
            }
            if (!todo.isEmpty()) {
                derive(todo, minute, minute + MINUTE, sources, hash, sources.isEmpty() ? List.of() : List.of(minute), acc, now);
                acc.windows++;
            }
        }
    }

    private void derive(final Set<View> views, final long begin, final long end, final List<SourceBlock> sources,
                        final String hash, final List<Long> minutes, final Accumulator acc, final long now) {
        if (EVENT_VIEWS.containsAll(views)) {
            final List<List<SourceBlock>> split = splitter.split(sources);
            if (split.size() > 1) {
                deriveParts(views, begin, end, split, sources.size(), hash, minutes, acc, now);
                return;
            }
        }
        // streamed: a window's files go to S3 row group by row group, so memory does not grow with the window
        final EtlOutput output = etl.run(sources, views, source.fetcher(), publisher.outputs(ViewLayout.GLOBAL, begin, end, hash));
        acc.blocksRead += output.blocksRead();
        acc.skipped.addAll(output.skipped());
        for (final View view : views) {
            acc.written.add(publisher.publish(view.tableName(), ViewLayout.GLOBAL, begin, end, output.view(view), hash,
                sources.size(), minutes, now));
            acc.touched.add(Map.entry(view.tableName(), floor(begin, ViewLayout.DAY_MILLIS)));
        }
    }

    /**
     * A window over the part budget: its parts run on the workers (in parallel, retried), each
     * storing its files under the part's key; only when every part is done does one partition item
     * per view name all of them (then the caller rewrites the manifest). A part that fails every
     * attempt fails the run before anything of the window is published: no partial window is ever
     * visible, and the next run splits it and tries again (same blocks, same keys).
     */
    private void deriveParts(final Set<View> views, final long begin, final long end, final List<List<SourceBlock>> split,
                             final int blockCount, final String hash, final List<Long> minutes, final Accumulator acc,
                             final long now) {
        final List<PartRequest> requests = new ArrayList<>();
        for (int i = 0; i < split.size(); i++) {
            requests.add(new PartRequest(List.copyOf(views), begin, end, hash, i + 1, split.size(), minutes,
                split.get(i).stream().map(s -> s.block().blockId()).toList()));
        }
        final List<PartResult> results = parts.run(requests);
        for (final PartResult result : results) {
            acc.blocksRead += result.blocksRead();
            acc.skipped.addAll(result.skipped());
        }
        for (final View view : views) {
            final List<ViewData> data = new ArrayList<>();
            final List<String> keys = new ArrayList<>();
            for (final PartResult result : results) {
                data.add(new ViewData(view, null, result.bytes(view), result.rows(view)));
                keys.add(ViewPublisher.partKey(view, begin, end, hash, result.part(), split.size()));
            }
            acc.written.add(publisher.publishParts(view.tableName(), ViewLayout.GLOBAL, begin, end, data, keys, hash, blockCount,
                minutes, now));
            acc.touched.add(Map.entry(view.tableName(), floor(begin, ViewLayout.DAY_MILLIS)));
        }
    }

    /** The source blocks of a global view's partition covering these insert minutes (as the job selects them). */
    public List<SourceBlock> sourcesFor(final View view, final List<Long> minutes) {
        return sources(minutes, groupOf(view));
    }

    /** The views derived together with {@code view} from the same blocks. */
    private static Set<View> groupOf(final View view) {
        return view.source() == View.Source.EVENTS ? EVENT_VIEWS : CATALOG_VIEWS;
    }

    private static Set<View> group(final View.Source source) {
        final Set<View> group = EnumSet.noneOf(View.class);
        VIEWS.stream().filter(v -> v.source() == source).forEach(group::add);
        return group;
    }

    /** The blocks of the given insert minutes that the views of {@code group} take. */
    private List<SourceBlock> sources(final List<Long> minutes, final Set<View> group) {
        final List<BlockRecord> records = new ArrayList<>();
        for (final long minute : minutes) {
            records.addAll(source.insertedInMinute(minute));
        }
        return select(records, group);
    }

    private List<SourceBlock> select(final List<BlockRecord> records, final Set<View> group) {
        if (group.equals(CATALOG_VIEWS)) {
            return source.resolve(records, (p, b) -> true);
        }
        final List<BlockRecord> events = new ArrayList<>();
        for (final BlockRecord record : records) {
            // a parked block (its key over its budget) is read on demand only: one key cannot stall the windows
            if (record.parked()) {
                continue;
            }
            if (record.header().summary().logCount() > 0 || record.header().summary().metricCount() > 0) {
                events.add(record);
            }
        }
        final BiPredicate<ProcessRecord, BlockRecord> policy = config.policy() == ViewsConfig.Policy.KEPT
            ? ProcessRecord::keeps : (p, b) -> true;
        return source.resolve(events, policy);
    }

    /** Rewrites the manifests of changed days, and of days holding items a crashed run left unmanifested. */
    private void refreshScopes(final Set<Map.Entry<String, Long>> touched, final long from, final long to, final long now) {
        final Set<Map.Entry<String, Long>> scopes = new LinkedHashSet<>(touched);
        for (final View view : VIEWS) {
            for (long day = floor(from, ViewLayout.DAY_MILLIS); day < to; day += ViewLayout.DAY_MILLIS) {
                if (!scopes.contains(Map.entry(view.tableName(), day))) {
                    for (final Partition p : partitions.range(view.tableName(), ViewLayout.GLOBAL, day, day + ViewLayout.DAY_MILLIS)) {
                        if (!p.manifested()) {
                            scopes.add(Map.entry(view.tableName(), day));
                            break;
                        }
                    }
                }
            }
        }
        for (final Map.Entry<String, Long> scope : scopes) {
            publisher.refresh(scope.getKey(), ViewLayout.GLOBAL, scope.getValue(), now);
        }
        touched.clear();
    }

    /**
     * Merges the files of settled hours (every window re-checked for the last time) and then of
     * settled days whose files together are below the threshold: one file per view per hour, and
     * one per day when the whole day is smaller.
     */
    private int rollUp(final long settled, final Accumulator acc, final long now) {
        int rollups = 0;
        final long threshold = config.rollupThresholdBytes();
        for (final View view : VIEWS) {
            final String name = view.tableName();
            final long lastDay = floor(settled, ViewLayout.DAY_MILLIS);
            for (long day = lastDay - ViewLayout.DAY_MILLIS; day <= lastDay; day += ViewLayout.DAY_MILLIS) {
                for (long hour = day; hour < day + ViewLayout.DAY_MILLIS && hour + HOUR <= settled; hour += HOUR) {
                    rollups += merge(view, hour, hour + HOUR, threshold, acc, now);
                }
                if (day + ViewLayout.DAY_MILLIS <= settled) {
                    rollups += merge(view, day, day + ViewLayout.DAY_MILLIS, threshold, acc, now);
                }
                // a run that crashed between a roll-up's item and its manifest left items unmanifested: finish it
                if (partitions.range(name, ViewLayout.GLOBAL, day, day + ViewLayout.DAY_MILLIS).stream()
                    .anyMatch(p -> !p.manifested())) {
                    acc.touched.add(Map.entry(name, day));
                }
            }
            refreshScopes(acc.touched, 0, 0, now);
        }
        return rollups;
    }

    private int merge(final View view, final long begin, final long end, final long threshold, final Accumulator acc,
                      final long now) {
        final List<Partition> live = LiveFiles.select(partitions.range(view.tableName(), ViewLayout.GLOBAL, begin, end))
            .stream().filter(p -> p.endMillis() <= end && p.span() < end - begin).toList();
        final long bytes = live.stream().mapToLong(Partition::bytes).sum();
        if (live.size() < 2 || bytes >= threshold) {
            return 0;
        }
        final TreeSet<Long> minutes = new TreeSet<>();
        live.forEach(p -> minutes.addAll(p.sourceMinutes()));
        final List<SourceBlock> sources = sources(List.copyOf(minutes), groupOf(view));
        derive(EnumSet.of(view), begin, end, sources, ViewPublisher.sourceHash(sources), List.copyOf(minutes), acc, now);
        return 1;
    }

    static long floor(final long millis, final long unit) {
        return Math.floorDiv(millis, unit) * unit;
    }

    private static final class Accumulator {
        final Set<Map.Entry<String, Long>> touched = new LinkedHashSet<>();
        final List<Partition> written = new ArrayList<>();
        final List<SkippedBlock> skipped = new ArrayList<>();
        int windows;
        int blocksRead;
    }
}
