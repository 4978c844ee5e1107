package io.lakeobs.functions.core.catalog;

import io.lakeobs.protocol.ProcessInfo;

/**
 * A process item.
 *
 * @param info what the process registered
 * @param ownerKeyId the API key that registered it; only this key may add streams or blocks
 * @param insertTimeMillis server time of registration
 * @param lastSeenMillis server insert time of its newest indexed block (or registration)
 * @param kept true once sampling or an on-demand request decided to keep its data
 * @param expiresAtSeconds epoch seconds after which retention may delete it
 */
public record ProcessRecord(ProcessInfo info, String ownerKeyId, long insertTimeMillis, long lastSeenMillis,
                            boolean kept, long expiresAtSeconds) {
}
