package io.lakeobs.functions.ingest.keys;

import io.lakeobs.protocol.ApiKeyToken;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Generates key ids and secrets, and hashes secrets (SHA-256, what the api_keys table stores). */
public final class ApiKeySecrets {
    /** Every key id {@link #newToken} makes: {@code k} and 16 lower-case hex digits. */
    private static final Pattern KEY_ID = Pattern.compile("k[0-9a-f]{16}");

    private ApiKeySecrets() {
    }

    /** Whether {@code keyId} is of the form every key id has; a request with any other id cannot be valid. */
    public static boolean wellFormedKeyId(final String keyId) {
        return KEY_ID.matcher(keyId).matches();
    }

    /** A new token: key id {@code k} + 16 hex digits, secret 32 random bytes in URL-safe base64. */
    public static ApiKeyToken newToken(final SecureRandom random) {
        final byte[] id = new byte[8];
        random.nextBytes(id);
        return new ApiKeyToken("k" + HexFormat.of().formatHex(id), newSecret(random));
    }

    public static String newSecret(final SecureRandom random) {
        final byte[] secret = new byte[32];
        random.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static byte[] sha256(final String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
