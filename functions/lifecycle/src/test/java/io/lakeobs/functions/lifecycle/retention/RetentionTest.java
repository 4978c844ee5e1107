package io.lakeobs.functions.lifecycle.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeobs.functions.core.catalog.Backoff;
import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.catalog.KeepDecision;
import io.lakeobs.functions.core.catalog.ProcessCatalog;
import io.lakeobs.functions.core.catalog.ProcessRecord;
import io.lakeobs.functions.core.retention.Deadlines;
import io.lakeobs.functions.core.testing.LocalAws;
import io.lakeobs.functions.core.testing.MutableClock;
import io.lakeobs.functions.lifecycle.CatalogFixture;
import io.lakeobs.functions.lifecycle.views.InstanceViews;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * Block retention on the embedded stack (DynamoDB Local, S3Proxy) with a clock the test sets:
 * the end state block by block, a dry run, throttled batch writes, a crash after the k-th request
 * for many k, and two runs interleaved request by request. Short deadlines (raw 2 days, kept 5,
 * safety net 8) keep the walk small; the rule is the same as with 7 and 90.
 */
class RetentionTest {
    private static final Instant NOW = Instant.parse("2026-11-30T15:00:00Z");
    private static final Deadlines DEADLINES = new Deadlines(Duration.ofDays(2), Duration.ofDays(5), Duration.ofDays(8));
    private static final RetentionSettings SMALL_BATCHES = new RetentionSettings(500_000, 10, 7, 1);
    private static LocalAws aws;
    private static int namespaces;

    private final MutableClock clock = new MutableClock(NOW);

    @BeforeAll
    static void start() throws Exception {
        aws = new LocalAws();
    }

    @AfterAll
    static void stop() throws Exception {
        aws.close();
    }

    /** One seeded catalog: a raw process, a process kept whole, one with a kept window; blocks over 8 days. */
    private final class Seeded {
        final CatalogFixture catalog;
        final UUID raw;
        final UUID whole;
        final UUID windowed;

        Seeded() {
            catalog = new CatalogFixture(aws, clock, "ns" + namespaces++);
            raw = catalog.process("raw-svc", Map.of());
            whole = catalog.process("kept-svc", Map.of());
            windowed = catalog.process("window-svc", Map.of());
            for (final UUID process : List.of(raw, whole, windowed)) {
                final UUID stream = catalog.stream(process, List.of("log"));
                for (int daysAgo = 0; daysAgo <= 7; daysAgo++) {
                    for (final int hour : new int[] {3, 14, 20}) {
                        final Instant inserted = NOW.truncatedTo(java.time.temporal.ChronoUnit.DAYS).minus(Duration.ofDays(daysAgo))
                            .plus(Duration.ofHours(hour));
                        if (inserted.isAfter(NOW)) {
                            continue;
                        }
                        catalog.block(process, stream, inserted.minusSeconds(60), Duration.ofSeconds(50), 3, 0, inserted);
                    }
                }
            }
            // decisions as they were taken at the time: kept whole a week ago, a window 4 days ago at 14:00
            final Instant weekAgo = NOW.minus(Duration.ofDays(7));
            clock.set(weekAgo);
            catalog.processes.markKept(whole, KeepDecision.wholeProcess("rate", "test",
                DEADLINES.keepFloor(weekAgo.toEpochMilli()), weekAgo.toEpochMilli()));
            final Instant errorDay = NOW.truncatedTo(java.time.temporal.ChronoUnit.DAYS).minus(Duration.ofDays(4)).plus(Duration.ofHours(14));
            clock.set(errorDay.plus(Duration.ofMinutes(10)));
            catalog.processes.markKept(windowed, new KeepDecision("errors", "test", errorDay.minus(Duration.ofHours(1)).toEpochMilli(),
                errorDay.plus(Duration.ofHours(1)).toEpochMilli(), DEADLINES.keepFloor(clock.millis()), clock.millis()));
            clock.set(NOW);
        }

        BlockRetention retention(final RetentionSettings settings, final Backoff backoff) {
            return new BlockRetention(catalog.blocks, catalog.quarantine, catalog.processes, catalog.store,
                new InstanceViews(catalog.partitions, catalog.store), catalog.partitions, DEADLINES, settings, backoff, clock);
        }

        /** Runs until both passes caught up (bounded). */
        void runToEnd(final BlockRetention retention) {
            for (int run = 0; run < 20; run++) {
                final BlockRetention.Report report = retention.run(false, () -> true);
                if (report.caughtUp()) {
                    return;
                }
            }
            throw new AssertionError("retention did not catch up in 20 runs");
        }

        boolean expired(final BlockRecord block) {
            final ProcessRecord process = new ProcessCatalog(aws.unrecordedDynamoDb, catalog.tables, clock, Duration.ofDays(90))
                .get(block.header().processId()).orElseThrow();
            return DEADLINES.expired(block, process, clock.millis());
        }

        /** Object keys of the block items, and of the object claims as {@code claim:key}. */
        Set<String> itemKeys() {
            final Set<String> keys = new TreeSet<>();
            aws.unrecordedDynamoDb.scanPaginator(b -> b.tableName(catalog.tables.blocks())).items()
                .forEach(item -> keys.add(item.containsKey("object_key") ? item.get("object_key").s()
                    : "claim:" + item.get("stream_id").s().substring("_object#".length())));
            return keys;
        }

        Set<String> objectKeys() {
            final Set<String> keys = new TreeSet<>();
            aws.unrecordedS3.listObjectsV2Paginator(b -> b.bucket(catalog.rawBucket)).contents()
                .forEach(object -> keys.add(object.key()));
            return keys;
        }

        /** Items a reader treats as live whose object is missing (must always be none). */
        List<String> liveItemsWithoutObject() {
            final Set<String> objects = objectKeys();
            final ProcessCatalog processes = new ProcessCatalog(aws.unrecordedDynamoDb, catalog.tables, clock, Duration.ofDays(90));
            final Map<UUID, ProcessRecord> byId = new java.util.HashMap<>();
            final Map<String, BlockRecord> byKey = new java.util.HashMap<>();
            catalog.seeded.forEach(block -> byKey.put(block.objectKey(), block));
            final List<String> broken = new ArrayList<>();
            aws.unrecordedDynamoDb.scanPaginator(b -> b.tableName(catalog.tables.blocks())).items().forEach(item -> {
                if (!item.containsKey("object_key")) {
                    return; // an object claim: it points at no object a reader would fetch
                }
                final BlockRecord block = byKey.get(item.get("object_key").s());
                final ProcessRecord process = byId.computeIfAbsent(block.header().processId(),
                    id -> processes.get(id).orElseThrow());
                if (!DEADLINES.expired(block, process, clock.millis()) && !objects.contains(block.objectKey())) {
                    broken.add(block.objectKey());
                }
            });
            return broken;
        }

        /** Every seeded block: gone if expired, intact (item and bytes) otherwise. */
        void assertEndState() {
            final Set<String> items = itemKeys();
            final Set<String> objects = objectKeys();
            int kept = 0;
            for (final BlockRecord block : catalog.seeded) {
                if (expired(block)) {
                    assertThat(items).as("expired item " + block.objectKey()).doesNotContain(block.objectKey())
                        .doesNotContain("claim:" + block.objectKey());
                    assertThat(objects).as("expired object " + block.objectKey()).doesNotContain(block.objectKey());
                } else {
                    kept++;
                    assertThat(items).contains("claim:" + block.objectKey());
                    assertThat(catalog.blocks.get(block.header().streamId(), block.blockSort())).contains(block);
                    assertThat(catalog.store.get(block.objectKey())).hasValueSatisfying(bytes -> assertThat(bytes).hasSize(1000));
                }
            }
            assertThat(items).hasSize(2 * kept);
            assertThat(objects).hasSize(kept);
        }
    }

    @Test
    void afterRetentionNothingExpiredRemainsAndEverythingElseIsIntact() {
        final Seeded seeded = new Seeded();
        final long expired = seeded.catalog.seeded.stream().filter(seeded::expired).count();
        // raw: 2 days visible (today, 1 and 2 days ago); kept whole: 5; the window's block 4 days ago at 14:00
        assertThat(expired).isEqualTo(3 * 5 + 2 * 3 + (5 * 3 - 1));
        seeded.runToEnd(seeded.retention(RetentionSettings.defaults(), Backoff.NONE));
        seeded.assertEndState();
        assertThat(seeded.liveItemsWithoutObject()).isEmpty();
        // a second run finds nothing more to do
        aws.requests.clear();
        final BlockRetention.Report again = seeded.retention(RetentionSettings.defaults(), Backoff.NONE).run(false, () -> true);
        assertThat(again.deleted()).isZero();
        assertThat(aws.count("S3 DeleteObjects")).isZero();
        assertThat(aws.count("DDB batchWriteItem")).isZero();
        assertThat(aws.count("DDB scan")).isZero();
    }

    @Test
    void theHandlerRunsOnTheScheduledEventAwsSendsOrAsADryRunAndRefusesAnythingElse() throws Exception {
        final Seeded seeded = new Seeded();
        final Map<String, Object> event;
        try (java.io.InputStream in = getClass().getResourceAsStream("/events/scheduled-event.json")) {
            event = com.fasterxml.jackson.jr.ob.JSON.std.mapFrom(in);
        }
        final List<String> metricLines = new ArrayList<>();
        final io.lakeobs.functions.lifecycle.RetentionHandler handler =
            new io.lakeobs.functions.lifecycle.RetentionHandler(new Retention(seeded.catalog.blocks, seeded.catalog.quarantine,
                seeded.catalog.processes, seeded.catalog.streams, seeded.catalog.store, seeded.catalog.store,
                seeded.catalog.partitions, DEADLINES, RetentionSettings.defaults(), Duration.ofMinutes(15), Backoff.NONE, clock), null,
                new io.lakeobs.functions.core.metrics.Metrics("test", "retention", clock, metricLines::add));
        assertThatThrownBy(() -> handler.handleRequest(Map.of("delete", "everything"), null)).hasMessageContaining("detail-type");
        final Map<String, Object> dry = handler.handleRequest(Map.of("dry_run", true), null);
        assertThat(dry.get("blocks_deleted")).isEqualTo(0);
        assertThat(seeded.itemKeys()).hasSize(2 * seeded.catalog.seeded.size());
        assertThat(metricLines).as("a dry run deletes nothing and says nothing").isEmpty();
        final Map<String, Object> out = handler.handleRequest(event, null);
        final int expired = (int) seeded.catalog.seeded.stream().filter(seeded::expired).count();
        assertThat(out.get("blocks_deleted")).isEqualTo(expired);
        seeded.assertEndState();
        assertThat(metricLines).singleElement().asString().contains("\"Function\":\"retention\"",
            "\"RetentionBlocksDeleted\":" + expired, "\"RetentionProcessesDeleted\":0", "\"RetentionOrphansDeleted\":0",
            "\"RetentionFailures\":0");
        // a run that fails says so, and fails
        metricLines.clear();
        aws.failOn = r -> r.startsWith("DDB getItem");
        try {
            assertThatThrownBy(() -> handler.handleRequest(event, null)).hasMessageContaining("injected failure");
        } finally {
            aws.failOn = r -> false;
        }
        assertThat(metricLines).singleElement().asString().contains("\"RetentionFailures\":1");
    }

    @Test
    void quarantinedObjectsGoAfterTheirOwnDeadlineUnlessABlockItemClaimsThem() {
        final Seeded seeded = new Seeded();
        final CatalogFixture catalog = seeded.catalog;
        final Instant today = NOW.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        final List<String> old = new ArrayList<>();
        final List<String> recent = new ArrayList<>();
        for (int daysAgo = 0; daysAgo <= 8; daysAgo++) {
            final String key = "blocks/" + UUID.randomUUID() + "/" + UUID.randomUUID() + "/" + UUID.randomUUID();
            catalog.store.put(key, new byte[] {1});
            catalog.quarantine.putIfAbsent(new io.lakeobs.functions.core.catalog.QuarantineRecord(key, "bad magic", 1,
                today.minus(Duration.ofDays(daysAgo)).plusSeconds(3600).toEpochMilli()));
            (daysAgo > 7 ? old : recent).add(key);
        }
        // a conflicting re-upload of a live block's object, quarantined long ago: the object is the block's
        final BlockRecord live = catalog.seeded.stream().filter(b -> !seeded.expired(b)).findFirst().orElseThrow();
        catalog.quarantine.putIfAbsent(new io.lakeobs.functions.core.catalog.QuarantineRecord(live.objectKey(),
            "object already indexed as block item", 1000, today.minus(Duration.ofDays(8)).toEpochMilli()));

        final BlockRetention.Report report = seeded.retention(RetentionSettings.defaults(), Backoff.NONE).run(false, () -> true);
        assertThat(report.quarantine().expired()).isEqualTo(old.size() + 1);
        for (final String key : old) {
            assertThat(catalog.quarantine.get(key)).isEmpty();
            assertThat(catalog.store.get(key)).isEmpty();
        }
        for (final String key : recent) {
            assertThat(catalog.quarantine.get(key)).isPresent();
            assertThat(catalog.store.get(key)).isPresent();
        }
        assertThat(catalog.quarantine.get(live.objectKey())).isEmpty();
        assertThat(catalog.store.get(live.objectKey())).as("the live block's object").isPresent();
        assertThat(seeded.liveItemsWithoutObject()).isEmpty();
    }

    @Test
    void aDryRunCountsAndDeletesNothing() {
        final Seeded seeded = new Seeded();
        final Set<String> items = seeded.itemKeys();
        aws.requests.clear();
        final BlockRetention.Report report = seeded.retention(RetentionSettings.defaults(), Backoff.NONE).run(true, () -> true);
        assertThat(report.kept().expired() + report.raw().expired())
            .isEqualTo((int) seeded.catalog.seeded.stream().filter(seeded::expired).count());
        assertThat(aws.writes()).isZero();
        assertThat(seeded.itemKeys()).isEqualTo(items);
    }

    @Test
    void itemsTheServerLeavesUnprocessedAreRetriedAndADeleteObjectsErrorStopsTheRun() {
        final Seeded seeded = new Seeded();
        aws.batchWriteCapacity = 7;
        final AtomicInteger pauses = new AtomicInteger();
        try {
            aws.requests.clear();
            seeded.runToEnd(seeded.retention(RetentionSettings.defaults(), attempt -> pauses.incrementAndGet()));
        } finally {
            aws.batchWriteCapacity = Integer.MAX_VALUE;
        }
        seeded.assertEndState();
        assertThat(pauses.get()).isPositive();
        final long expired = seeded.catalog.seeded.stream().filter(seeded::expired).count();
        // each block is two deletes (its item and its object claim), 7 of them accepted per call
        assertThat(aws.count("DDB batchWriteItem")).isGreaterThanOrEqualTo((2 * expired + 6) / 7);

        // a DeleteObjects answered with a per-key error (HTTP 200) fails the run before any item is deleted
        final Seeded other = new Seeded();
        final String victim = other.catalog.seeded.stream().filter(other::expired).findFirst().orElseThrow().objectKey();
        final Set<String> itemsBefore = other.itemKeys();
        final BlockRetention retention = new BlockRetention(other.catalog.blocks, other.catalog.quarantine, other.catalog.processes,
            new io.lakeobs.functions.core.store.BlockStore(brokenDeletes(victim), other.catalog.rawBucket),
            new InstanceViews(other.catalog.partitions, other.catalog.store), other.catalog.partitions,
            DEADLINES, RetentionSettings.defaults(), Backoff.NONE, clock);
        assertThatThrownBy(() -> retention.run(false, () -> true)).hasMessageContaining(victim).hasMessageContaining("AccessDenied");
        assertThat(other.itemKeys()).as("no item deleted after a failed object delete").isEqualTo(itemsBefore);
        assertThat(other.liveItemsWithoutObject()).isEmpty();
    }

    /** An S3 client whose DeleteObjects reports {@code key} as failed (as S3 does, in a 200 response). */
    private static software.amazon.awssdk.services.s3.S3Client brokenDeletes(final String key) {
        return (software.amazon.awssdk.services.s3.S3Client) java.lang.reflect.Proxy.newProxyInstance(
            RetentionTest.class.getClassLoader(), new Class<?>[] {software.amazon.awssdk.services.s3.S3Client.class},
            (proxy, method, args) -> {
                if (method.getName().equals("deleteObjects") && args[0] instanceof DeleteObjectsRequest request) {
                    final List<ObjectIdentifier> others = request.delete().objects().stream().filter(o -> !o.key().equals(key)).toList();
                    aws.s3.deleteObjects(b -> b.bucket(request.bucket()).delete(d -> d.objects(others).quiet(true)));
                    return software.amazon.awssdk.services.s3.model.DeleteObjectsResponse.builder()
                        .errors(software.amazon.awssdk.services.s3.model.S3Error.builder().key(key).code("AccessDenied")
                            .message("Access Denied").build()).build();
                }
                if (method.isDefault()) {
                    return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                }
                return method.invoke(aws.s3, args);
            });
    }

    @Test
    void aCrashAfterAnyRequestThenARerunEndsAsAnUninterruptedRunAndTheInvariantHoldsAtEveryRequest() {
        final Seeded reference = new Seeded();
        aws.requests.clear();
        reference.runToEnd(reference.retention(SMALL_BATCHES, Backoff.NONE));
        final List<String> log = new ArrayList<>(aws.requests);
        final Set<String> endItems = reference.itemKeys();
        final Set<String> endObjects = reference.objectKeys();
        reference.assertEndState();

        final Set<Integer> cuts = new TreeSet<>();
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).startsWith("S3 DeleteObjects")) {
                cuts.add(i + 1);     // at the DeleteObjects (half of its keys deleted, then the connection breaks)
                cuts.add(i + 2);     // between the objects' delete and the items'
            }
        }
        final Random random = new Random(20261207L);
        while (cuts.size() < 24) {
            cuts.add(1 + random.nextInt(log.size()));
        }
        for (final int k : cuts) {
            final Seeded run = new Seeded();
            final AtomicInteger sent = new AtomicInteger();
            final List<String> violations = new ArrayList<>();
            final WriteWatch writes = new WriteWatch();
            aws.beforeRequest = request -> {
                if (writes.changedSinceLastRequest(request)) {
                    violations.addAll(run.liveItemsWithoutObject());
                }
                if (sent.incrementAndGet() == k && request instanceof DeleteObjectsRequest delete) {
                    final List<ObjectIdentifier> half = delete.delete().objects().subList(0, delete.delete().objects().size() / 2);
                    if (!half.isEmpty()) {
                        aws.unrecordedS3.deleteObjects(b -> b.bucket(delete.bucket()).delete(d -> d.objects(half).quiet(true)));
                    }
                }
            };
            aws.failOn = r -> sent.get() >= k;
            try {
                assertThatThrownBy(() -> run.runToEnd(run.retention(SMALL_BATCHES, Backoff.NONE)))
                    .as("cut at request " + k).hasMessageContaining("injected failure");
            } finally {
                aws.failOn = r -> false;
            }
            violations.addAll(run.liveItemsWithoutObject());
            run.runToEnd(run.retention(SMALL_BATCHES, Backoff.NONE));
            aws.beforeRequest = r -> { };
            assertThat(violations).as("live items without object, cut at " + k).isEmpty();
            assertThat(rename(run.itemKeys(), run, reference)).as("items after a cut at " + k).isEqualTo(endItems);
            assertThat(rename(run.objectKeys(), run, reference)).as("objects after a cut at " + k).isEqualTo(endObjects);
        }
    }

    @Test
    void twoRunsInterleavedRequestByRequestEndAsOneAndNeverBreakTheInvariant() throws Exception {
        for (final long seed : new long[] {1, 2, 3}) {
            final Seeded seeded = new Seeded();
            final List<String> violations = new ArrayList<>();
            final Lockstep lockstep = new Lockstep(new Random(seed), 2);
            final WriteWatch writes = new WriteWatch();
            aws.beforeRequest = request -> {
                lockstep.turn();
                if (writes.changedSinceLastRequest(request)) {
                    violations.addAll(seeded.liveItemsWithoutObject());
                }
            };
            final List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
            final List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                final BlockRetention retention = seeded.retention(SMALL_BATCHES, Backoff.NONE);
                threads.add(new Thread(() -> {
                    lockstep.join();
                    try {
                        seeded.runToEnd(retention);
                    } catch (final Throwable e) {
                        errors.add(e);
                    } finally {
                        lockstep.leave();
                    }
                }, "retention-" + i));
            }
            threads.forEach(Thread::start);
            for (final Thread thread : threads) {
                thread.join(120_000);
            }
            aws.beforeRequest = r -> { };
            assertThat(errors).as("seed " + seed).isEmpty();
            assertThat(lockstep.switches()).as("the runs really interleaved").isGreaterThan(10);
            assertThat(violations).isEmpty();
            seeded.assertEndState();
        }
    }

    /**
     * Whether the request before this one could have changed state: the invariant is checked after
     * every write (after a read the state is the one already checked).
     */
    private static final class WriteWatch {
        private boolean lastWasWrite = true;

        synchronized boolean changedSinceLastRequest(final Object request) {
            final boolean changed = lastWasWrite;
            final String name = request.getClass().getSimpleName();
            lastWasWrite = !(name.startsWith("Query") || name.startsWith("GetItem") || name.startsWith("Scan")
                || name.startsWith("GetObject") || name.startsWith("ListObjects") || name.startsWith("HeadObject"));
            return changed;
        }
    }

    /** Object keys of another seeded namespace, mapped onto the reference's by seeding order. */
    private static Set<String> rename(final Set<String> keys, final Seeded from, final Seeded to) {
        final Set<String> renamed = new TreeSet<>();
        for (int i = 0; i < from.catalog.seeded.size(); i++) {
            for (final String prefix : List.of("", "claim:")) {
                if (keys.contains(prefix + from.catalog.seeded.get(i).objectKey())) {
                    renamed.add(prefix + to.catalog.seeded.get(i).objectKey());
                }
            }
        }
        assertThat(renamed).hasSameSizeAs(keys);
        return renamed;
    }
}
