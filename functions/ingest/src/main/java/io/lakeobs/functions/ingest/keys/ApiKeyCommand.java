package io.lakeobs.functions.ingest.keys;

import io.lakeobs.functions.core.catalog.ApiKeyCatalog;
import io.lakeobs.functions.core.catalog.ApiKeyRecord;
import io.lakeobs.functions.core.config.AwsClients;
import io.lakeobs.functions.core.config.Config;
import io.lakeobs.functions.core.config.EnvVars;
import io.lakeobs.protocol.ApiKeyToken;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Creates, rotates, revokes and shows API keys. The full token ({@code keyId.secret}) is printed
 * once, at creation or rotation; only its hash is stored.
 *
 * <pre>
 * ApiKeyCommand create [--rate N]   new key, N requests/s (default 100)
 * ApiKeyCommand rotate KEY_ID       new secret for the key; the old one stops working; processes stay owned
 * ApiKeyCommand revoke KEY_ID       the key stops working for good
 * ApiKeyCommand show KEY_ID         state and rate
 * ApiKeyCommand budget KEY_ID BYTES EVENTS   the key's budgets of declared uncompressed block bytes and
 *                                   events per minute (0: the default, LAKEOBS_BUDGET_*_PER_MINUTE);
 *                                   blocks over them are parked, held out of the global views
 * </pre>
 * Tables come from LAKEOBS_TABLE_PREFIX (and LAKEOBS_DYNAMODB_ENDPOINT for a local stack); region
 * and credentials from the SDK's default chains, so profiles, SSO and assumed roles work. It needs
 * dynamodb:PutItem, GetItem and UpdateItem on the api_keys table.
 */
public final class ApiKeyCommand {
    public static final int DEFAULT_RATE = 100;

    private final ApiKeyCatalog keys;
    private final Clock clock;
    private final SecureRandom random;
    private final PrintStream out;

    public ApiKeyCommand(final ApiKeyCatalog keys, final Clock clock, final SecureRandom random, final PrintStream out) {
        this.keys = keys;
        this.clock = clock;
        this.random = random;
        this.out = out;
    }

    public static void main(final String[] args) {
        final Map<String, String> env = new HashMap<>(System.getenv());
        env.putIfAbsent(EnvVars.BUCKET, "unused");
        final Config config = Config.fromEnv(env);
        try (DynamoDbClient dynamoDb = AwsClients.operatorDynamoDb(config.dynamoDbEndpoint())) {
            final int status = new ApiKeyCommand(new ApiKeyCatalog(dynamoDb, config.tables()), Clock.systemUTC(),
                new SecureRandom(), System.out).run(args);
            System.exit(status);
        }
    }

    /** Runs one command; returns the exit status (0 ok, 1 failed, 2 usage). */
    public int run(final String... args) {
        if (args.length == 0) {
            return usage();
        }
        switch (args[0]) {
            case "create" -> {
                final int rate = args.length == 3 && args[1].equals("--rate") ? Integer.parseInt(args[2]) : DEFAULT_RATE;
                final Optional<ApiKeyToken> token = create(rate);
                token.ifPresent(t -> out.println("created key " + t.keyId() + " (" + rate + " req/s); token, shown once:\n" + t.value()));
                return token.isPresent() ? 0 : 1;
            }
            case "rotate" -> {
                if (args.length != 2) {
                    return usage();
                }
                final Optional<ApiKeyToken> token = rotate(args[1]);
                out.println(token.map(t -> "rotated key " + t.keyId() + "; new token, shown once:\n" + t.value())
                    .orElse("no active key " + args[1]));
                return token.isPresent() ? 0 : 1;
            }
            case "revoke" -> {
                if (args.length != 2) {
                    return usage();
                }
                final boolean revoked = keys.revoke(args[1]);
                out.println(revoked ? "revoked key " + args[1] : "no key " + args[1]);
                return revoked ? 0 : 1;
            }
            case "show" -> {
                if (args.length != 2) {
                    return usage();
                }
                final Optional<ApiKeyRecord> key = keys.get(args[1]);
                out.println(key.map(k -> k.keyId() + " " + k.state() + " " + k.ratePerSecond() + " req/s created "
                    + java.time.Instant.ofEpochMilli(k.createdAtMillis())).orElse("no key " + args[1]));
                return key.isPresent() ? 0 : 1;
            }
            case "budget" -> {
                if (args.length != 4) {
                    return usage();
                }
                final long bytes = Long.parseLong(args[2]);
                final long events = Long.parseLong(args[3]);
                if (bytes < 0 || events < 0) {
                    return usage();
                }
                final boolean set = keys.setBudgets(args[1], bytes, events);
                out.println(set ? "key " + args[1] + ": budgets " + bytes + " bytes and " + events + " events per minute (0: default)"
                    : "no key " + args[1]);
                return set ? 0 : 1;
            }
            default -> {
                return usage();
            }
        }
    }

    /** A new active key; empty in the (astronomically unlikely) case its random id is taken. */
    public Optional<ApiKeyToken> create(final int ratePerSecond) {
        final ApiKeyToken token = ApiKeySecrets.newToken(random);
        final boolean created = keys.create(new ApiKeyRecord(token.keyId(), ApiKeySecrets.sha256(token.secret()),
            ApiKeyRecord.ACTIVE, clock.millis(), ratePerSecond));
        return created ? Optional.of(token) : Optional.empty();
    }

    /** A new secret for an active key; empty if the key is unknown or revoked. */
    public Optional<ApiKeyToken> rotate(final String keyId) {
        final ApiKeyToken token = new ApiKeyToken(keyId, ApiKeySecrets.newSecret(random));
        return keys.rotate(keyId, ApiKeySecrets.sha256(token.secret())) ? Optional.of(token) : Optional.empty();
    }

    private int usage() {
        out.println("usage: ApiKeyCommand create [--rate N] | rotate KEY_ID | revoke KEY_ID | show KEY_ID"
            + " | budget KEY_ID BYTES_PER_MINUTE EVENTS_PER_MINUTE");
        return 2;
    }
}
