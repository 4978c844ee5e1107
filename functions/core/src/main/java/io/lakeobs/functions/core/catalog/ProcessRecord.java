package io.lakeobs.functions.core.catalog;

import io.lakeobs.protocol.ProcessInfo;

import java.util.List;
import java.util.Set;

/**
 * A process item.
 *
 * @param info what the process registered
 * @param ownerKeyId the API key that registered it; only this key may add streams or blocks
 * @param insertTimeMillis server time of registration
 * @param lastSeenMillis server insert time of its newest indexed block (or registration)
 * @param kept true once a decision keeps the whole process (sampling, on-demand ETL)
 * @param expiresAtSeconds epoch seconds after which retention may delete it
 * @param keeps every keep decision: whole-process ones and event-time windows (see {@link KeepDecision})
 * @param onDemandInstances the process and stream ids whose on-demand views exist (retention removes
 *                          them when one of the process's blocks expires)
 */
public record ProcessRecord(ProcessInfo info, String ownerKeyId, long insertTimeMillis, long lastSeenMillis,
                            boolean kept, long expiresAtSeconds, List<KeepDecision> keeps, Set<String> onDemandInstances) {
    public ProcessRecord {
        keeps = keeps == null ? List.of() : List.copyOf(keeps);
        onDemandInstances = onDemandInstances == null ? Set.of() : Set.copyOf(onDemandInstances);
    }

    /**
     * True if a decision keeps the data of this process recorded between these event times (ns since
     * the epoch) and inserted at {@code insertMillis}.
     */
    public boolean keeps(final long beginNanos, final long endNanos, final long insertMillis) {
        if (kept && keeps.isEmpty()) {
            return true; // marked kept before decisions were recorded: the whole process
        }
        final long from = Math.floorDiv(beginNanos, 1_000_000L);
        final long to = Math.floorDiv(endNanos, 1_000_000L) + 1;
        for (final KeepDecision decision : keeps) {
            if (decision.protects(from, to, insertMillis)) {
                return true;
            }
        }
        return false;
    }

    /** True if a decision keeps this block. */
    public boolean keeps(final BlockRecord block) {
        return keeps(block.header().beginTimeNanos(), block.header().endTimeNanos(), block.insertTimeMillis());
    }
}
