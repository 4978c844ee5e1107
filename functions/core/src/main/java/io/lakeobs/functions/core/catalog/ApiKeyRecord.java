package io.lakeobs.functions.core.catalog;

import java.security.MessageDigest;

/**
 * An API key item. Only SHA-256 hashes of secrets are stored. After a rotation the previous
 * secret stays valid until {@code previousValidUntilMillis}, so that running uploaders can be
 * given the new token without a window of refusals.
 *
 * @param state {@link #ACTIVE} or {@link #REVOKED}
 * @param ratePerSecond sustained requests per second the key may make
 * @param previousSecretSha256 the secret before the last rotation, or null
 * @param previousValidUntilMillis until when that previous secret is accepted (0: not at all)
 */
public record ApiKeyRecord(String keyId, byte[] secretSha256, String state, long createdAtMillis, int ratePerSecond,
                           byte[] previousSecretSha256, long previousValidUntilMillis) {
    public static final String ACTIVE = "active";
    public static final String REVOKED = "revoked";

    /** A new key: no previous secret. */
    public ApiKeyRecord(final String keyId, final byte[] secretSha256, final String state, final long createdAtMillis,
                        final int ratePerSecond) {
        this(keyId, secretSha256, state, createdAtMillis, ratePerSecond, null, 0);
    }

    public boolean active() {
        return ACTIVE.equals(state);
    }

    /**
     * Whether a secret with hash {@code presented} is this key's at {@code nowMillis}: the current
     * one, or the previous one before its deadline. Both comparisons run in constant time, always.
     */
    public boolean accepts(final byte[] presented, final long nowMillis) {
        final boolean current = MessageDigest.isEqual(presented, secretSha256);
        final boolean previous = previousSecretSha256 != null && MessageDigest.isEqual(presented, previousSecretSha256);
        return current || previous && nowMillis < previousValidUntilMillis;
    }
}
