package io.lakeobs.functions.ingest.api;

import io.lakeobs.functions.core.catalog.ApiKeyCatalog;
import io.lakeobs.functions.core.catalog.ApiKeyRecord;
import io.lakeobs.functions.ingest.keys.ApiKeySecrets;
import io.lakeobs.protocol.ApiKeyToken;
import io.lakeobs.protocol.ErrorCode;
import io.lakeobs.protocol.ProtocolException;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;

/**
 * Checks the {@code x-api-key} header against the hashed keys in DynamoDB, in constant time
 * (an unknown key id is compared against a dummy hash so timing does not reveal which ids exist),
 * then applies the key's rate limit. A key id not of the generated form is refused before any
 * DynamoDB read.
 */
public final class ApiKeyAuthenticator {
    private static final byte[] DUMMY_HASH = ApiKeySecrets.sha256("not a key");

    private final ApiKeyCatalog keys;
    private final TokenBucketRateLimiter limiter;
    private final Clock clock;

    public ApiKeyAuthenticator(final ApiKeyCatalog keys, final TokenBucketRateLimiter limiter, final Clock clock) {
        this.keys = keys;
        this.limiter = limiter;
        this.clock = clock;
    }

    public Caller authenticate(final String headerValue) {
        if (headerValue == null || headerValue.isBlank()) {
            throw new ProtocolException(ErrorCode.MISSING_API_KEY, "the x-api-key header is required");
        }
        final ApiKeyToken token = ApiKeyToken.parse(headerValue);
        if (token == null || !ApiKeySecrets.wellFormedKeyId(token.keyId())) {
            // refused before any DynamoDB read: a malformed id costs the service nothing
            throw new ProtocolException(ErrorCode.INVALID_API_KEY, "the API key is not of the form keyId.secret"
                + " with a key id of k and 16 lower-case hex digits");
        }
        final Optional<ApiKeyRecord> stored = keys.get(token.keyId());
        final byte[] presented = ApiKeySecrets.sha256(token.secret());
        // the current secret, or the previous one before its deadline (a rotation's grace)
        final boolean matches = stored.map(key -> key.accepts(presented, clock.millis()))
            .orElseGet(() -> MessageDigest.isEqual(presented, DUMMY_HASH));
        if (!matches || stored.isEmpty()) {
            throw new ProtocolException(ErrorCode.INVALID_API_KEY, "the API key is not valid");
        }
        final ApiKeyRecord key = stored.get();
        if (!key.active()) {
            throw new ProtocolException(ErrorCode.REVOKED_API_KEY, "the API key was revoked");
        }
        if (!limiter.tryAcquire(key.keyId(), key.ratePerSecond())) {
            throw new ProtocolException(ErrorCode.RATE_LIMITED, "more than " + key.ratePerSecond()
                + " requests per second for this API key; retry later");
        }
        return new Caller(key.keyId());
    }
}
