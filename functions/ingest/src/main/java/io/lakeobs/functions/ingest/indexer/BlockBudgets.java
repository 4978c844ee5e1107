package io.lakeobs.functions.ingest.indexer;

import io.lakeobs.functions.core.catalog.ApiKeyCatalog;
import io.lakeobs.functions.core.catalog.ProcessCatalog;
import io.lakeobs.functions.core.catalog.ProcessRecord;
import io.lakeobs.functions.core.config.IngestBudgets;
import io.lakeobs.functions.core.metrics.Metric;
import io.lakeobs.functions.core.metrics.Metrics;
import io.lakeobs.transit.block.BlockHeader;

import java.util.Map;
import java.util.Optional;

/**
 * Per-key budgets of declared uncompressed bytes and events per UTC minute, charged from the
 * block header at index time (no payload is read). A block that puts its key over either budget
 * is parked: indexed, but held out of the global views, so that one key's maximal-ratio blocks
 * cannot make every tenant's views run time out. Each parked block is one embedded-metric-format
 * line: a log line and the metric {@code lakeobs/BlocksParked} by stack and {@code KeyId} at once,
 * with no CloudWatch call.
 */
public final class BlockBudgets {
    private static final long MINUTE = 60_000L;
    private final ApiKeyCatalog keys;
    private final ProcessCatalog processes;
    private final IngestBudgets defaults;
    private final Metrics metrics;

    public BlockBudgets(final ApiKeyCatalog keys, final ProcessCatalog processes, final IngestBudgets defaults,
                        final Metrics metrics) {
        this.keys = keys;
        this.processes = processes;
        this.defaults = defaults;
        this.metrics = metrics;
    }

    /**
     * Charges the block to the key that owns its process and says whether it is over budget. A
     * block whose process or key is unknown (expired meanwhile) cannot be charged and is not parked.
     */
    public boolean park(final BlockHeader header, final String objectKey, final long nowMillis) {
        final Optional<String> keyId = processes.get(header.processId()).map(ProcessRecord::ownerKeyId);
        if (keyId.isEmpty()) {
            return false;
        }
        final long bytes = (long) header.dependenciesSize() + header.objectsSize();
        final long minute = Math.floorDiv(nowMillis, MINUTE) * MINUTE;
        final Optional<ApiKeyCatalog.MinuteUsage> usage = keys.charge(keyId.get(), minute, bytes, header.objectCount());
        if (usage.isEmpty()) {
            return false;
        }
        final long budgetBytes = usage.get().budgetBytes() > 0 ? usage.get().budgetBytes() : defaults.bytesPerMinute();
        final long budgetEvents = usage.get().budgetEvents() > 0 ? usage.get().budgetEvents() : defaults.eventsPerMinute();
        if (usage.get().bytes() <= budgetBytes && usage.get().events() <= budgetEvents) {
            return false;
        }
        metrics.emit(Map.of(Metric.BLOCKS_PARKED, 1), Metric.KEY_ID, keyId.get(), Map.of("object_key", objectKey,
            "message", "block parked: key " + keyId.get() + " declared " + usage.get().bytes() + " bytes and "
                + usage.get().events() + " events this minute, budgets " + budgetBytes + " and " + budgetEvents));
        return true;
    }
}
