package io.lakeobs.functions.core.catalog;

/**
 * An API key item. Only the SHA-256 of the secret is stored.
 *
 * @param state {@link #ACTIVE} or {@link #REVOKED}
 * @param ratePerSecond sustained requests per second the key may make
 */
public record ApiKeyRecord(String keyId, byte[] secretSha256, String state, long createdAtMillis, int ratePerSecond) {
    public static final String ACTIVE = "active";
    public static final String REVOKED = "revoked";

    public boolean active() {
        return ACTIVE.equals(state);
    }
}
