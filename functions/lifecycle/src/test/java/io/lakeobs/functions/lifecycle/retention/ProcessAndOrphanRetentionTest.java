package io.lakeobs.functions.lifecycle.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeobs.functions.core.catalog.Backoff;
import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.catalog.KeepDecision;
import io.lakeobs.functions.core.catalog.QuarantineRecord;
import io.lakeobs.functions.core.catalog.StreamCatalog;
import io.lakeobs.functions.core.partitions.Partition;
import io.lakeobs.functions.core.partitions.ViewLayout;
import io.lakeobs.functions.core.retention.Deadlines;
import io.lakeobs.functions.core.store.BlockStore;
import io.lakeobs.functions.core.store.ObjectKeys;
import io.lakeobs.functions.core.testing.LocalAws;
import io.lakeobs.functions.core.testing.MutableClock;
import io.lakeobs.functions.lifecycle.CatalogFixture;
import io.lakeobs.protocol.RegisterStreamRequest;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What follows the blocks, on the embedded stack with a clock the test moves: streams and
 * processes once nothing holds them (with their declarations objects and on-demand partitions),
 * kept processes only after their kept deadline, a long-running process never, tombstones once
 * they end, and orphaned objects once a day old. The whole state of every table and bucket is
 * compared, labelled item by item and object by object, after a full run and after a crash at the
 * k-th request followed by a rerun. Short deadlines (raw 2 days, kept 5, safety net 8).
 */
class ProcessAndOrphanRetentionTest {
    private static final Instant T0 = Instant.parse("2026-11-10T00:00:00Z");
    private static final Deadlines DEADLINES = new Deadlines(Duration.ofDays(2), Duration.ofDays(5), Duration.ofDays(8));
    private static final RetentionSettings SMALL_BATCHES = new RetentionSettings(500_000, 10, 7, 1);
    private static final Instant FIRST_CHECK = T0.plus(Duration.ofDays(4)).plus(Duration.ofHours(12));
    private static final Instant SECOND_CHECK = T0.plus(Duration.ofDays(7)).plus(Duration.ofHours(12));
    private static LocalAws aws;
    private static int namespaces;

    private final MutableClock clock = new MutableClock(T0);

    @BeforeAll
    static void start() throws Exception {
        aws = new LocalAws();
    }

    @AfterAll
    static void stop() throws Exception {
        aws.close();
    }

    /**
     * A: short-lived, raw (three streams: with blocks, with declarations in S3, with none; two
     * on-demand partitions). B: kept whole. C: long-running. D: deleted on request, tombstone until
     * T0 + 3 days. Objects under day T0 that nothing holds (never indexed; a second upload of C's
     * block), one held by a quarantine item, one under a key from before keys held the day.
     */
    private final class Scenario {
        final CatalogFixture fx;
        final BlockStore views;
        final Map<String, String> labels = new HashMap<>();
        final UUID a;
        final UUID b;
        final UUID c;
        final UUID d;
        final UUID c1;
        final String declarationsObject;

        Scenario() {
            final String namespace = "pr" + namespaces++;
            fx = new CatalogFixture(aws, clock, namespace);
            aws.unrecordedS3.createBucket(r -> r.bucket(namespace + "-views"));
            views = new BlockStore(aws.s3, namespace + "-views");
            clock.set(T0.plus(Duration.ofHours(1)));
            a = label(fx.process("a", Map.of()), "A");
            b = label(fx.process("b", Map.of()), "B");
            c = label(fx.process("c", Map.of()), "C");
            d = label(fx.process("d", Map.of()), "D");
            final UUID a1 = label(fx.stream(a, List.of("log")), "A1");
            final UUID a2 = label(UUID.randomUUID(), "A2");
            new StreamCatalog(aws.dynamoDb, fx.tables, clock, fx.store, 0)
                .register(new RegisterStreamRequest(a2, a, List.of("metrics"), Map.of(), TelemetryTypes.declarations().encode()));
            declarationsObject = fx.streams.get(a, a2).orElseThrow().declarationsKey();
            labels.put(declarationsObject, "A2-declarations");
            label(fx.stream(a, List.of("log")), "A3");
            final UUID b1 = label(fx.stream(b, List.of("log")), "B1");
            c1 = label(fx.stream(c, List.of("log")), "C1");
            block(a, a1, T0.plus(Duration.ofHours(2)), "A1-block-1");
            block(a, a1, T0.plus(Duration.ofHours(3)), "A1-block-2");
            block(a, a2, T0.plus(Duration.ofHours(2)), "A2-block");
            block(b, b1, T0.plus(Duration.ofHours(2)), "B1-block");
            final BlockRecord cFirst = block(c, c1, T0.plus(Duration.ofHours(2)), "C1-block-0");
            clock.set(T0.plus(Duration.ofHours(4)));
            fx.processes.markKept(b, KeepDecision.wholeProcess("rate", "test", DEADLINES.keepFloor(clock.millis()), clock.millis()));
            fx.processes.replaceWithTombstone(fx.processes.get(d).orElseThrow(), T0.plus(Duration.ofDays(3)).toEpochMilli());
            onDemand(a.toString());
            onDemand(a1.toString());
            object(ObjectKeys.blockKey(T0, a, a1, UUID.randomUUID()), "orphan-never-indexed");
            final String second = ObjectKeys.blockKey(T0.plus(Duration.ofHours(30)), c, c1, cFirst.header().blockId());
            object(second, "orphan-second-upload");
            fx.blocks.claimObject(second, cFirst.blockSort(), clock.millis()); // then quarantined by the indexer in real life
            final String quarantined = object(ObjectKeys.blockKey(T0, c, c1, UUID.randomUUID()), "quarantined");
            fx.quarantine.putIfAbsent(new QuarantineRecord(quarantined, "bad magic", 1, clock.millis()));
            object(ObjectKeys.BLOCKS_PREFIX + c + "/" + c1 + "/" + UUID.randomUUID(), "legacy-key");
        }

        /** An on-demand instance (process or stream) with its partition item, manifest and file, as the on-demand ETL leaves them. */
        void onDemand(final String instance) {
            final String file = ViewLayout.dataKey("log_entries", instance, 0, 1000, 1, "0123456789abcdef0123");
            views.put(file, new byte[] {1});
            views.put(ViewLayout.manifestKey("log_entries", instance, 0), file.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            fx.partitions.put(new Partition("log_entries", instance, 0, 1000, file, 1, 1, 1, 1, "0123456789abcdef0123",
                Partition.LIVE, clock.millis(), true, List.of()));
            labels.put(file, "file-" + labels.get(instance));
            labels.put(ViewLayout.manifestKey("log_entries", instance, 0), "manifest-" + labels.get(instance));
            labels.put("log_entries#" + instance, "partition-" + labels.get(instance));
        }

        <T> T label(final T id, final String label) {
            labels.put(id.toString(), label);
            return id;
        }

        BlockRecord block(final UUID process, final UUID stream, final Instant inserted, final String label) {
            final BlockRecord record = fx.block(process, stream, inserted.minusSeconds(60), Duration.ofSeconds(50), 3, 0, inserted);
            labels.put(record.objectKey(), label);
            return record;
        }

        String object(final String key, final String label) {
            fx.store.put(key, new byte[] {7});
            labels.put(key, label);
            return key;
        }

        /** C keeps running: a block an hour before {@code now}, and an object uploaded today that nothing holds yet. */
        void liveUntil(final Instant now, final int day) {
            block(c, c1, now.minus(Duration.ofHours(1)), "C1-block-" + day);
            object(ObjectKeys.blockKey(now, c, c1, UUID.randomUUID()), "upload-in-flight-" + day);
        }

        Retention retention(final RetentionSettings settings) {
            return new Retention(fx.blocks, fx.quarantine, fx.processes, fx.streams, fx.store, views, fx.partitions, DEADLINES,
                settings, Duration.ofMinutes(15), Backoff.NONE, clock);
        }

        void runToEnd(final Retention retention) {
            for (int run = 0; run < 20; run++) {
                if (retention.run(false, () -> true).caughtUp()) {
                    return;
                }
            }
            throw new AssertionError("retention did not catch up in 20 runs");
        }

        /** Everything in the tables and buckets, labelled (positions aside: they name ids). */
        Set<String> state() {
            final Set<String> state = new TreeSet<>();
            scan(fx.tables.processes()).forEach(item -> state.add((item.containsKey("tombstone_until") ? "tombstone " : "process ")
                + name(item.get("process_id").s())));
            scan(fx.tables.streams()).forEach(item -> state.add((item.get("process_id").s().startsWith("_owner#")
                ? "stream-owner " : "stream ") + name(item.get("stream_id").s())));
            scan(fx.tables.blocks()).forEach(item -> state.add(item.containsKey("object_key") ? "block-item " + name(item.get("object_key").s())
                : "claim " + name(item.get("stream_id").s().substring("_object#".length()))));
            scan(fx.tables.quarantine()).forEach(item -> state.add("quarantine " + name(item.get("object_key").s())));
            scan(fx.tables.partitions()).forEach(item -> {
                final String pk = item.get("view_instance").s();
                if (item.containsKey("file_key") && !item.containsKey("state")) {
                    state.add("retired " + name(item.get("file_key").s()));
                } else if (!pk.startsWith("_")) {
                    state.add("partition " + name(pk));
                }
            });
            aws.unrecordedS3.listObjectsV2Paginator(r -> r.bucket(fx.rawBucket)).contents().forEach(o -> state.add("raw " + name(o.key())));
            aws.unrecordedS3.listObjectsV2Paginator(r -> r.bucket(views.bucket())).contents().forEach(o -> state.add("views " + name(o.key())));
            return state;
        }

        private String name(final String idOrKey) {
            final String label = labels.get(idOrKey);
            return label == null ? "unlabelled:" + idOrKey : label;
        }

        private Iterable<Map<String, AttributeValue>> scan(final String table) {
            return aws.unrecordedDynamoDb.scanPaginator(r -> r.tableName(table).consistentRead(true)).items();
        }
    }

    @Test
    void streamsProcessesTombstonesAndOrphansGoWhenNothingHoldsThemAndNothingElse() {
        final Scenario s = new Scenario();
        final Set<String> seeded = s.state();
        assertThat(seeded).contains("process A", "stream A2", "raw A2-declarations", "views manifest-A", "tombstone D",
            "raw orphan-never-indexed", "claim orphan-second-upload");

        clock.set(FIRST_CHECK);
        s.liveUntil(FIRST_CHECK, 4);
        final Retention.Report report = s.retention(RetentionSettings.defaults()).run(false, () -> true);
        assertThat(report.caughtUp()).isTrue();
        assertThat(report.processes().expired()).as("A deleted; B held, C not due, D not ended").isEqualTo(1);
        assertThat(report.orphans().expired()).as(s.state().toString()).isEqualTo(2);
        final Set<String> first = s.state();
        assertThat(first).as("A: process, streams, ownership, blocks, declarations, partitions, manifests").noneMatch(e ->
            e.matches("(process|stream|stream-owner|block-item|claim|raw|partition|views manifest-)[ -]?A.*"));
        assertThat(first).as("A's files are retired, deleted by the views after the grace period")
            .contains("retired file-A", "retired file-A1", "views file-A", "views file-A1");
        assertThat(first).as("orphans of day T0 are gone, with the claim the second upload left")
            .doesNotContain("raw orphan-never-indexed", "raw orphan-second-upload", "claim orphan-second-upload");
        assertThat(first).as("held: kept B, long-running C, the tombstone, the quarantined object, keys without a day, today's upload")
            .contains("process B", "stream B1", "block-item B1-block", "raw B1-block", "process C", "stream C1", "raw C1-block-4",
                "block-item C1-block-4", "tombstone D", "raw quarantined", "quarantine quarantined", "raw legacy-key",
                "raw upload-in-flight-4");
        assertThat(first).as("C's expired block went with block retention").doesNotContain("raw C1-block-0");

        clock.set(SECOND_CHECK);
        s.liveUntil(SECOND_CHECK, 7);
        s.runToEnd(s.retention(RetentionSettings.defaults()));
        final Set<String> second = s.state();
        assertThat(second).as("B after its kept deadline, D after its tombstone ended")
            .noneMatch(e -> e.matches("(process|stream|stream-owner|block-item|claim|raw|tombstone) (B|D).*"));
        assertThat(second).contains("process C", "stream C1", "stream-owner C1", "raw C1-block-7", "raw upload-in-flight-7",
            "raw quarantined", "raw legacy-key").doesNotContain("raw upload-in-flight-4");
        // a second run at the same instant finds nothing more: the state does not move
        s.runToEnd(s.retention(RetentionSettings.defaults()));
        assertThat(s.state()).isEqualTo(second);
    }

    @Test
    void aLiveProcesssOnDemandViewsGoWithTheFirstOfItsBlocksToExpireAndTheProcessStays() {
        final Scenario s = new Scenario();
        clock.set(T0.plus(Duration.ofHours(5)));
        s.fx.processes.recordOnDemand(s.c, s.c.toString()); // as the on-demand ETL does before publishing
        s.onDemand(s.c.toString());
        assertThat(s.state()).contains("partition partition-C", "views manifest-C", "views file-C");
        clock.set(FIRST_CHECK);
        s.liveUntil(FIRST_CHECK, 4);
        s.runToEnd(s.retention(RetentionSettings.defaults()));
        final Set<String> state = s.state();
        assertThat(state).as("C's first block expired: its on-demand views stop being queryable")
            .doesNotContain("partition partition-C", "views manifest-C", "raw C1-block-0")
            .contains("retired file-C", "views file-C", "process C", "stream C1", "raw C1-block-4");
        assertThat(s.fx.processes.get(s.c).orElseThrow().onDemandInstances()).isEmpty();
    }

    @Test
    void aDryRunReportsTheSameAndChangesNothing() {
        final Scenario s = new Scenario();
        clock.set(FIRST_CHECK);
        s.liveUntil(FIRST_CHECK, 4);
        final Set<String> before = s.state();
        aws.requests.clear();
        final Retention.Report dry = s.retention(RetentionSettings.defaults()).run(true, () -> true);
        assertThat(aws.writes()).isZero();
        assertThat(aws.count("DDB scan")).isZero();
        assertThat(s.state()).isEqualTo(before);
        assertThat(dry.orphans().expired()).isEqualTo(2);
    }

    @Test
    void aProcessSeenAgainWhileRetentionJudgedItKeepsItsItems() {
        final Scenario s = new Scenario();
        clock.set(FIRST_CHECK);
        final AtomicInteger gets = new AtomicInteger();
        // the moment retention has read A's streams, a block of A's first stream arrives (as the indexer would put it)
        aws.beforeRequest = request -> {
            if (request instanceof software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest delete
                && delete.key().containsKey("process_id") && delete.key().get("process_id").s().equals(s.a.toString())
                && gets.getAndIncrement() == 0) {
                aws.beforeRequest = r -> { };
                s.fx.processes.touch(s.a, FIRST_CHECK.toEpochMilli());
            }
        };
        try {
            s.runToEnd(s.retention(RetentionSettings.defaults()));
        } finally {
            aws.beforeRequest = r -> { };
        }
        assertThat(s.state()).as("the conditional delete saw the new activity").contains("process A");
    }

    @Test
    void aCrashAfterAnyRequestThenARerunEndsAsAnUninterruptedRun() {
        final Scenario reference = new Scenario();
        clock.set(FIRST_CHECK);
        reference.liveUntil(FIRST_CHECK, 4);
        aws.requests.clear();
        reference.runToEnd(reference.retention(SMALL_BATCHES));
        final int requests = aws.requests.size();
        final Set<String> end = reference.state();

        final Set<Integer> cuts = new TreeSet<>();
        final Random random = new Random(20261207L);
        while (cuts.size() < 20) {
            cuts.add(1 + random.nextInt(requests));
        }
        for (final int k : cuts) {
            clock.set(T0);
            final Scenario run = new Scenario();
            clock.set(FIRST_CHECK);
            run.liveUntil(FIRST_CHECK, 4);
            final AtomicInteger sent = new AtomicInteger();
            aws.beforeRequest = r -> sent.incrementAndGet();
            aws.failOn = r -> sent.get() >= k;
            try {
                assertThatThrownBy(() -> run.runToEnd(run.retention(SMALL_BATCHES))).as("cut at request " + k)
                    .hasMessageContaining("injected failure");
            } finally {
                aws.failOn = r -> false;
                aws.beforeRequest = r -> { };
            }
            run.runToEnd(run.retention(SMALL_BATCHES));
            assertThat(run.state()).as("state after a cut at request " + k + " of " + requests).isEqualTo(end);
        }
    }

    @Test
    void theOrphanSweepListsEachDayOnceAndNeverTheWholeBucket() {
        final Scenario s = new Scenario();
        clock.set(FIRST_CHECK);
        aws.requests.clear();
        s.runToEnd(s.retention(RetentionSettings.defaults()));
        final List<String> lists = aws.requests.stream().filter(r -> r.startsWith("S3 ListObjectsV2")).toList();
        // days T0 - 8 (the safety net) .. T0 + 2 (the last day whose uploads are all a day old): one page each
        final long days = (LocalDate.ofInstant(FIRST_CHECK, ZoneOffset.UTC).toEpochDay() - 1)
            - LocalDate.ofInstant(FIRST_CHECK, ZoneOffset.UTC).minusDays(8).toEpochDay();
        assertThat(lists).hasSize((int) days);
        aws.requests.clear();
        s.runToEnd(s.retention(RetentionSettings.defaults()));
        assertThat(aws.count("S3 ListObjectsV2")).as("a rerun the same day lists nothing again").isZero();
    }
}
