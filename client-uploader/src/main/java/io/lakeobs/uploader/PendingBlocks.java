package io.lakeobs.uploader;

import io.lakeobs.tracing.sink.EncodedBlock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The blocks the uploader still owes, in upload order ({@link PendingBlock#compare}), with the
 * memory and spool bytes they hold. The set, its index by id and the byte accounts live
 * together because every way out of it (sent, dropped, evicted) must release a block's bytes
 * and spool file exactly once, and every way in must respect the budgets and the spool cap.
 * Used by the upload loop's thread only.
 */
final class PendingBlocks implements Iterable<PendingBlock> {
    private final UploaderConfig config;
    private final Spool spool;
    private final UploaderCounters counters;
    private final Drops drops;
    private final WarnOnce warnings;
    private final TreeSet<PendingBlock> pending = new TreeSet<>(PendingBlock::compare);
    private final Map<UUID, PendingBlock> byId = new HashMap<>();
    private final long[] memoryBytes = new long[3];
    private long spoolBytes;
    private long pendingEvents;
    private long sequence;

    PendingBlocks(final UploaderConfig config, final Spool spool, final UploaderCounters counters, final Drops drops,
                  final WarnOnce warnings) {
        this.config = config;
        this.spool = spool;
        this.counters = counters;
        this.drops = drops;
        this.warnings = warnings;
    }

    /** Takes a block an earlier run spooled; it is sent before any new one. */
    void addRecovered(final Spool.Entry entry) {
        final PendingBlock block = new PendingBlock(entry.process().process().processId(), entry.stream().streamId(),
            entry.blockId(), Math.max(0, Math.min(2, entry.priority())), entry.sequence(), entry.blockLength(),
            entry.eventCount(), true);
        block.spoolFile = entry.file();
        spoolBytes += entry.fileLength();
        add(block);
        sequence = Math.max(sequence, entry.sequence() + 1);
    }

    /** Takes a new block: spooled if possible, held in memory, then within the budget and the spool cap. */
    void addNew(final EncodedBlock encoded, final byte[] processJson, final byte[] streamJson) {
        final int priority = encoded.kind().priority();
        final PendingBlock block = new PendingBlock(encoded.processId(), encoded.streamId(), encoded.blockId(), priority,
            sequence++, encoded.bytes().length, encoded.header().objectCount(), false);
        block.bytes = encoded.bytes();
        if (spool != null) {
            writeToSpool(block, processJson, streamJson);
        }
        memoryBytes[priority] += block.length;
        add(block);
        enforceBudget(priority);
        enforceSpoolCap();
    }

    /** The PUT succeeded: the block leaves, counted as sent. */
    void sent(final PendingBlock block) {
        pending.remove(block);
        byId.remove(block.blockId);
        forget(block);
        counters.sent(block);
    }

    /** Gives the block up, if still pending, and counts it as dropped for {@code reason}. */
    void drop(final PendingBlock block, final String reason) {
        if (pending.remove(block)) {
            byId.remove(block.blockId);
            forget(block);
            drops.count(block.priority, block.eventCount, reason);
        }
    }

    void dropAll(final Predicate<PendingBlock> which, final String reason) {
        for (final PendingBlock block : new ArrayList<>(pending)) {
            if (which.test(block)) {
                drop(block, reason);
            }
        }
    }

    boolean contains(final PendingBlock block) {
        return pending.contains(block);
    }

    /** The pending block with that id, or null. */
    PendingBlock get(final UUID blockId) {
        return byId.get(blockId);
    }

    /** Upload order: recovered blocks first, then by priority, then oldest first. */
    @Override
    public Iterator<PendingBlock> iterator() {
        return pending.iterator();
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    int size() {
        return pending.size();
    }

    /** Events in the pending blocks. */
    long events() {
        return pendingEvents;
    }

    long spoolBytes() {
        return spoolBytes;
    }

    /** The earliest end of a block backoff after {@code now}, or {@link Long#MAX_VALUE}. */
    long earliestRetry(final long now) {
        long next = Long.MAX_VALUE;
        for (final PendingBlock block : pending) {
            if (block.state == PendingBlock.State.WAITING && block.notBefore > now) {
                next = Math.min(next, block.notBefore);
            }
        }
        return next;
    }

    private void writeToSpool(final PendingBlock block, final byte[] processJson, final byte[] streamJson) {
        try {
            block.spoolFile = spool.write(block.priority, block.sequence, processJson, streamJson, block.blockId,
                block.bytes, block.eventCount);
            spoolBytes += SpoolFileDescriptor.fileLength(processJson.length, streamJson.length, block.length);
            counters.spooled.incrementAndGet();
        } catch (final IOException e) {
            warnings.warn("spool-write", "cannot write to the spool " + spool.directory() + ": " + e
                + "; keeping blocks in memory only");
        }
    }

    private void add(final PendingBlock block) {
        pending.add(block);
        pendingEvents += block.eventCount;
        byId.put(block.blockId, block);
    }

    /** Over its budget, a priority first evicts memory copies that are safe in the spool, then drops its oldest blocks. */
    private void enforceBudget(final int priority) {
        final Iterator<PendingBlock> oldestFirst = pending.iterator();
        while (memoryBytes[priority] > config.budget(priority) && oldestFirst.hasNext()) {
            final PendingBlock block = oldestFirst.next();
            if (block.priority != priority || block.bytes == null || block.state == PendingBlock.State.UPLOADING) {
                continue;
            }
            if (block.spoolFile != null) {
                block.bytes = null;
                memoryBytes[priority] -= block.length;
            } else {
                oldestFirst.remove();
                byId.remove(block.blockId);
                forget(block);
                drops.count(block.priority, block.eventCount, "budget");
            }
        }
    }

    /** Over the cap, the spool loses its lowest-priority, oldest blocks first. */
    private void enforceSpoolCap() {
        if (spoolBytes <= config.spoolMaxBytes()) {
            return;
        }
        for (int priority = 2; priority >= 0 && spoolBytes > config.spoolMaxBytes(); priority--) {
            for (final PendingBlock block : new ArrayList<>(pending)) {
                if (spoolBytes <= config.spoolMaxBytes()) {
                    return;
                }
                if (block.priority == priority && block.spoolFile != null && block.state != PendingBlock.State.UPLOADING) {
                    drop(block, "spool-full");
                }
            }
        }
    }

    /** Releases the memory, spool file and event count of a block that has left the pending set. */
    private void forget(final PendingBlock block) {
        pendingEvents -= block.eventCount;
        if (block.bytes != null) {
            memoryBytes[block.priority] -= block.length;
            block.bytes = null;
        }
        if (block.spoolFile != null) {
            final Path file = block.spoolFile;
            block.spoolFile = null;
            try {
                spoolBytes -= Files.size(file);
            } catch (final IOException e) {
                spoolBytes -= block.length;
            }
            spool.delete(file);
        }
    }
}
