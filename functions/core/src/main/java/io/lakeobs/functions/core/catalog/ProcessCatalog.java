package io.lakeobs.functions.core.catalog;

import io.lakeobs.protocol.ProcessInfo;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.lakeobs.functions.core.catalog.CatalogTables.PROCESS_ID;
import static io.lakeobs.functions.core.catalog.Items.n;
import static io.lakeobs.functions.core.catalog.Items.s;

/**
 * The processes table: register (create-only, idempotent), get by id, record activity, record keep
 * decisions, and what retention needs. Every item carries a {@code retention_day}, the sharded UTC
 * day from which retention counts its age (the day it was last seen; for a tombstone, the day it
 * ends; moved later by retention while something still holds the process), indexed by
 * {@link CatalogTables#BY_RETENTION_DAY} so that retention finds idle processes with a Query per
 * day and shard.
 */
public final class ProcessCatalog {
    static final String OWNER_KEY_ID = "owner_key_id";
    static final String INSERT_TIME = "insert_time";
    static final String LAST_SEEN = "last_seen";
    static final String KEPT = "kept";
    static final String EXPIRES_AT = "expires_at";
    static final String KEEP_DECISIONS = "keep_decisions";
    static final String KEEP_VERSION = "keep_version";
    static final String TOMBSTONE_UNTIL = "tombstone_until";
    static final String DELETED_AT = "deleted_at";
    static final String RETENTION_DAY = CatalogTables.RETENTION_DAY;
    static final String ON_DEMAND_INSTANCES = "on_demand_instances";
    private static final int MARK_ATTEMPTS = 8;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;
    private final Duration retention;

    public ProcessCatalog(final DynamoDbClient dynamoDb, final TableNames tables, final Clock clock, final Duration retention) {
        this.dynamoDb = dynamoDb;
        this.table = tables.processes();
        this.clock = clock;
        this.retention = retention;
    }

    /**
     * Creates the process item unless it exists. A repeat by the same owner with the same info is
     * {@link Registration#UNCHANGED}; nothing is ever overwritten.
     */
    public Registration register(final ProcessInfo info, final String ownerKeyId) {
        final long now = clock.millis();
        final Map<String, AttributeValue> item = new LinkedHashMap<>(toItem(info));
        item.put(OWNER_KEY_ID, s(ownerKeyId));
        item.put(INSERT_TIME, n(now));
        item.put(LAST_SEEN, n(now));
        item.put(RETENTION_DAY, retentionDay(info.processId(), now));
        item.put(KEPT, Items.bool(false));
        item.put(EXPIRES_AT, n((now + retention.toMillis()) / 1000));
        try {
            // a new process, or one whose tombstone (deletion on request) has expired
            dynamoDb.putItem(b -> b.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(" + PROCESS_ID + ") OR " + TOMBSTONE_UNTIL + " < :now")
                .expressionAttributeValues(Map.of(":now", n(now))));
            return Registration.CREATED;
        } catch (final ConditionalCheckFailedException e) {
            final Entry entry = lookup(info.processId());
            if (entry.tombstone().isPresent()) {
                return Registration.DELETED;
            }
            final ProcessRecord existing = entry.process().orElseThrow(() -> e);
            if (!existing.ownerKeyId().equals(ownerKeyId)) {
                return Registration.OTHER_OWNER;
            }
            return existing.info().equals(info) ? Registration.UNCHANGED : Registration.CONFLICT;
        }
    }

    /** The process, read consistently; empty if unknown or deleted on request (a tombstone). */
    public Optional<ProcessRecord> get(final UUID processId) {
        return lookup(processId).process();
    }

    /** What the item of a process id holds: the process, its tombstone, or neither (never both). */
    public record Entry(Optional<ProcessRecord> process, Optional<Tombstone> tombstone) {
    }

    /** The process or its tombstone, with one consistent read. */
    public Entry lookup(final UUID processId) {
        final Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
            .key(Map.of(PROCESS_ID, s(processId)))).item();
        if (item == null || item.isEmpty()) {
            return new Entry(Optional.empty(), Optional.empty());
        }
        if (item.containsKey(TOMBSTONE_UNTIL)) {
            return new Entry(Optional.empty(),
                Optional.of(new Tombstone(Items.number(item, TOMBSTONE_UNTIL), Items.number(item, INSERT_TIME))));
        }
        return new Entry(Optional.of(fromItem(item)), Optional.empty());
    }

    /**
     * A process deleted on request: registration is refused until {@code untilMillis}.
     *
     * @param registeredAtMillis when the deleted process had registered: its uploads are keyed from that day on
     */
    public record Tombstone(long untilMillis, long registeredAtMillis) {
    }

    /**
     * Replaces the process item by a tombstone that holds nothing but the id, the owning key, when
     * it registered and until when registration is refused: the process's info (exe, properties,
     * host) is gone, and a running uploader that re-registers is refused instead of recreating it.
     */
    public void replaceWithTombstone(final ProcessRecord process, final long untilMillis) {
        final UUID processId = process.info().processId();
        final Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(PROCESS_ID, s(processId));
        item.put(OWNER_KEY_ID, s(process.ownerKeyId()));
        item.put(INSERT_TIME, n(process.insertTimeMillis()));
        item.put(TOMBSTONE_UNTIL, n(untilMillis));
        item.put(DELETED_AT, n(clock.millis()));
        item.put(EXPIRES_AT, n(untilMillis / 1000));
        item.put(RETENTION_DAY, retentionDay(processId, untilMillis));
        dynamoDb.putItem(b -> b.tableName(table).item(item));
    }

    /** The index value of {@code dayMillis} for a process: its UTC day and the process's shard. */
    private static AttributeValue retentionDay(final UUID processId, final long dayMillis) {
        return s(CatalogKeys.insertDay(Instant.ofEpochMilli(dayMillis), CatalogKeys.shard(processId)));
    }

    /**
     * The ids of processes (and tombstones) whose retention day is {@code dayMillis}, in one shard,
     * after {@code after} (empty: from the start), page by page (a Query of the keys-only index).
     */
    public Iterable<List<UUID>> retentionDue(final long dayMillis, final int shard, final String after) {
        return CatalogTables.onDay(dynamoDb, table, CatalogTables.BY_RETENTION_DAY, RETENTION_DAY, PROCESS_ID, dayMillis,
            shard, after, item -> Items.uuid(item, PROCESS_ID));
    }

    /**
     * Moves the process's retention day to {@code dayMillis} (retention found it still held), unless
     * it was seen again after {@code lastSeenMillis} (its new activity has moved the day already).
     */
    public void deferRetention(final UUID processId, final long lastSeenMillis, final long dayMillis) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(PROCESS_ID, s(processId)))
                .updateExpression("SET " + RETENTION_DAY + " = :d")
                .conditionExpression(LAST_SEEN + " = :s AND attribute_not_exists(" + TOMBSTONE_UNTIL + ")")
                .expressionAttributeValues(Map.of(":d", retentionDay(processId, dayMillis), ":s", n(lastSeenMillis))));
        } catch (final ConditionalCheckFailedException seenAgain) {
            // touched or deleted since it was read: its retention day is already right
        }
    }

    /** Moves a tombstone's retention day to {@code dayMillis} (it was visited before it ended). */
    public void deferTombstone(final UUID processId, final long untilMillis, final long dayMillis) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(PROCESS_ID, s(processId)))
                .updateExpression("SET " + RETENTION_DAY + " = :d").conditionExpression(TOMBSTONE_UNTIL + " = :u")
                .expressionAttributeValues(Map.of(":d", retentionDay(processId, dayMillis), ":u", n(untilMillis))));
        } catch (final ConditionalCheckFailedException changed) {
            // deleted or replaced since it was read
        }
    }

    /**
     * Deletes the process item if it is still as retention read it: not seen after
     * {@code lastSeenMillis}, not a tombstone. False if it changed (a block arrived meanwhile).
     */
    public boolean deleteIdle(final UUID processId, final long lastSeenMillis) {
        try {
            dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of(PROCESS_ID, s(processId)))
                .conditionExpression(LAST_SEEN + " = :s AND attribute_not_exists(" + TOMBSTONE_UNTIL + ")")
                .expressionAttributeValues(Map.of(":s", n(lastSeenMillis))));
            return true;
        } catch (final ConditionalCheckFailedException changed) {
            return false;
        }
    }

    /** Deletes an ended tombstone (the same one retention read, ending at {@code untilMillis}). */
    public boolean deleteTombstone(final UUID processId, final long untilMillis) {
        try {
            dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of(PROCESS_ID, s(processId)))
                .conditionExpression(TOMBSTONE_UNTIL + " = :u").expressionAttributeValues(Map.of(":u", n(untilMillis))));
            return true;
        } catch (final ConditionalCheckFailedException changed) {
            return false;
        }
    }

    /**
     * Records that the on-demand ETL builds views for {@code instance} (the process or one of its
     * streams), before it publishes them: retention removes them when one of the process's blocks
     * expires, since each holds rows of every block in its window.
     */
    public void recordOnDemand(final UUID processId, final String instance) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(PROCESS_ID, s(processId)))
                .updateExpression("ADD " + ON_DEMAND_INSTANCES + " :i").conditionExpression("attribute_exists(" + PROCESS_ID + ")")
                .expressionAttributeValues(Map.of(":i", AttributeValue.fromSs(List.of(instance)))));
        } catch (final ConditionalCheckFailedException gone) {
            throw new IllegalArgumentException("unknown process " + processId);
        }
    }

    /** Forgets instances whose on-demand views were removed. */
    public void forgetOnDemand(final UUID processId, final Set<String> instances) {
        if (!instances.isEmpty()) {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(PROCESS_ID, s(processId)))
                .updateExpression("DELETE " + ON_DEMAND_INSTANCES + " :i")
                .expressionAttributeValues(Map.of(":i", AttributeValue.fromSs(List.copyOf(instances)))));
        }
    }

    /**
     * Moves last_seen forward to {@code millis}; never backwards (events arrive out of order) and
     * never creates an item. Returns false if the process is unknown or already seen later.
     */
    public boolean touch(final UUID processId, final long millis) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(PROCESS_ID, s(processId)))
                .updateExpression("SET " + LAST_SEEN + " = :t, " + RETENTION_DAY + " = :d")
                .conditionExpression("attribute_exists(" + PROCESS_ID + ") AND " + LAST_SEEN + " < :t")
                .expressionAttributeValues(Map.of(":t", n(millis), ":d", retentionDay(processId, millis))));
            return true;
        } catch (final ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Records a keep decision on the process, merged with those it has ({@link KeepDecision#merge}):
     * a keep is extended or added, never shortened. Concurrent writers are serialised by a version
     * attribute (read, merge, conditional write, retried on a lost race). Empty if the process is unknown.
     */
    public Optional<KeepDecision.Change> markKept(final UUID processId, final KeepDecision decision) {
        for (int attempt = 0; attempt < MARK_ATTEMPTS; attempt++) {
            final Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(PROCESS_ID, s(processId)))).item();
            if (item == null || item.isEmpty() || item.containsKey(TOMBSTONE_UNTIL)) {
                return Optional.empty();
            }
            final ProcessRecord process = fromItem(item);
            final KeepDecision.Merged merged = KeepDecision.merge(process.keeps(), decision);
            if (merged.change() == KeepDecision.Change.COVERED) {
                return Optional.of(KeepDecision.Change.COVERED);
            }
            final long version = Items.number(item, KEEP_VERSION);
            final boolean kept = process.kept() || decision.wholeProcess();
            try {
                dynamoDb.updateItem(b -> b.tableName(table).key(Map.of(PROCESS_ID, s(processId)))
                    .updateExpression("SET " + KEEP_DECISIONS + " = :d, " + KEPT + " = :k, " + KEEP_VERSION + " = :next")
                    .conditionExpression(version == 0 ? "attribute_not_exists(" + KEEP_VERSION + ")" : KEEP_VERSION + " = :v")
                    .expressionAttributeValues(version == 0
                        ? Map.of(":d", decisions(merged.decisions()), ":k", Items.bool(kept), ":next", n(1))
                        : Map.of(":d", decisions(merged.decisions()), ":k", Items.bool(kept), ":next", n(version + 1),
                            ":v", n(version))));
                return Optional.of(merged.change());
            } catch (final ConditionalCheckFailedException raced) {
                // another writer merged first: read again and merge into its result
            }
        }
        throw new IllegalStateException("keep decision for process " + processId + " lost " + MARK_ATTEMPTS
            + " races in a row; nothing was shortened, retry later");
    }

    private static AttributeValue decisions(final List<KeepDecision> decisions) {
        final List<AttributeValue> values = new ArrayList<>(decisions.size());
        for (final KeepDecision d : decisions) {
            values.add(AttributeValue.fromM(Map.of("rule", s(d.rule()), "reason", s(d.reason()), "from_ms", n(d.fromMillis()),
                "to_ms", n(d.toMillis()), "inserted_from", n(d.insertedFromMillis()), "decided_at", n(d.decidedAtMillis()))));
        }
        return AttributeValue.fromL(values);
    }

    private static List<KeepDecision> decisions(final Map<String, AttributeValue> item) {
        final AttributeValue value = item.get(KEEP_DECISIONS);
        final List<KeepDecision> decisions = new ArrayList<>();
        if (value != null && value.hasL()) {
            for (final AttributeValue entry : value.l()) {
                final Map<String, AttributeValue> m = entry.m();
                decisions.add(new KeepDecision(Items.text(m, "rule"), Items.text(m, "reason"), Items.number(m, "from_ms"),
                    Items.number(m, "to_ms"), Items.number(m, "inserted_from"), Items.number(m, "decided_at")));
            }
        }
        return decisions;
    }

    private static Map<String, AttributeValue> toItem(final ProcessInfo info) {
        final Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(PROCESS_ID, s(info.processId()));
        item.put("exe", s(info.exe()));
        item.put("username", s(info.username()));
        item.put("computer", s(info.computer()));
        item.put("os", s(info.os()));
        item.put("cpu", s(info.cpu()));
        item.put("jvm", s(info.jvm()));
        item.put("start_time_ns", n(info.startTimeNanos()));
        item.put("tick_frequency", n(info.tickFrequency()));
        item.put("start_ticks", n(info.startTicks()));
        if (info.parentProcessId() != null) {
            item.put("parent_process_id", s(info.parentProcessId()));
        }
        item.put("properties", Items.stringMap(info.properties()));
        return item;
    }

    static ProcessRecord fromItem(final Map<String, AttributeValue> item) {
        final ProcessInfo info = new ProcessInfo(Items.uuid(item, PROCESS_ID), Items.text(item, "exe"),
            Items.text(item, "username"), Items.text(item, "computer"), Items.text(item, "os"), Items.text(item, "cpu"),
            Items.text(item, "jvm"), Items.number(item, "start_time_ns"), Items.number(item, "tick_frequency"),
            Items.number(item, "start_ticks"), Items.uuid(item, "parent_process_id"), Items.stringMap(item, "properties"));
        return new ProcessRecord(info, Items.text(item, OWNER_KEY_ID), Items.number(item, INSERT_TIME),
            Items.number(item, LAST_SEEN), Items.flag(item, KEPT), Items.number(item, EXPIRES_AT), decisions(item),
            item.containsKey(ON_DEMAND_INSTANCES) ? Set.copyOf(item.get(ON_DEMAND_INSTANCES).ss()) : Set.of());
    }
}
