package io.lakeobs.functions.ingest.keys;

import io.lakeobs.protocol.ApiKeyToken;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Generates key ids and secrets, and hashes secrets (SHA-256, what the api_keys table stores). */
public final class ApiKeySecrets {
    private ApiKeySecrets() {
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
