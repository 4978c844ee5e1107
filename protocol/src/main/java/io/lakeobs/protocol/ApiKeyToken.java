package io.lakeobs.protocol;

/**
 * The API key as a client holds it: {@code keyId.secret}, sent in {@link IngestPaths#API_KEY_HEADER}.
 * The key id names the stored key; only the SHA-256 of the secret is stored server-side.
 */
public record ApiKeyToken(String keyId, String secret) {
    public static final int MAX_LENGTH = 256;

    /** Parses a header value; null if it is not of the form {@code keyId.secret}. */
    public static ApiKeyToken parse(final String value) {
        if (value == null || value.length() > MAX_LENGTH) {
            return null;
        }
        final String trimmed = value.trim();
        final int dot = trimmed.indexOf('.');
        if (dot <= 0 || dot == trimmed.length() - 1) {
            return null;
        }
        return new ApiKeyToken(trimmed.substring(0, dot), trimmed.substring(dot + 1));
    }

    /** The header value. */
    public String value() {
        return keyId + "." + secret;
    }

    @Override
    public String toString() {
        return "ApiKeyToken[keyId=" + keyId + ", secret=***]";
    }
}
