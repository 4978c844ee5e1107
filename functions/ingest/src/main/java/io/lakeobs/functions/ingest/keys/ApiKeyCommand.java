package io.lakeobs.functions.ingest.keys;

import io.lakeobs.functions.core.catalog.ApiKeyCatalog;
import io.lakeobs.functions.core.catalog.ApiKeyRecord;
import io.lakeobs.functions.core.config.AwsClients;
import io.lakeobs.functions.core.config.Config;
import io.lakeobs.functions.core.config.EnvVars;
import io.lakeobs.protocol.ApiKeyToken;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Modifier;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Creates, lists, rotates, revokes and shows API keys, and sets their budgets. The full token
 * ({@code keyId.secret}) is printed once, at creation or rotation; only hashes are stored. A
 * rotation keeps the previous secret valid for a grace period the operator chooses (default a
 * day), so running uploaders can be given the new token without a window of refusals; a
 * revocation is immediate.
 *
 * <pre>
 * ApiKeyCommand create [--rate N]            new key, N requests/s (default 100)
 * ApiKeyCommand list                         every key: id, state, rate, creation (one Query of an index)
 * ApiKeyCommand rotate KEY_ID [--grace 24h]  new secret; the old one works until the grace ends (0: now)
 * ApiKeyCommand revoke KEY_ID                the key stops working at once, for good
 * ApiKeyCommand show KEY_ID                  state, rate, and a rotation's grace still running
 * ApiKeyCommand budget KEY_ID --bytes B --events E   budgets of declared uncompressed block bytes and
 *                                            events per minute (0: the defaults, LAKEOBS_BUDGET_*_PER_MINUTE)
 * </pre>
 * Tables come from LAKEOBS_TABLE_PREFIX (and LAKEOBS_DYNAMODB_ENDPOINT for a local stack); region
 * and credentials from the SDK's default chains, so profiles, SSO and assumed roles work. It needs
 * dynamodb:PutItem, GetItem and UpdateItem on the api_keys table and dynamodb:Query on its all_keys index.
 */
@Command(name = "ApiKeyCommand", mixinStandardHelpOptions = true, description = "Manages lakeobs API keys.",
    subcommands = {ApiKeyCommand.Create.class, ApiKeyCommand.ListKeys.class, ApiKeyCommand.Rotate.class,
        ApiKeyCommand.Revoke.class, ApiKeyCommand.Show.class, ApiKeyCommand.Budget.class})
public final class ApiKeyCommand implements Runnable {
    public static final int DEFAULT_RATE = 100;
    public static final Duration DEFAULT_GRACE = Duration.ofDays(1);

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

    /** Runs one command; returns the exit status (0 ok, 1 failed, 2 usage, with the reason printed). */
    public int run(final String... args) {
        final CommandLine line = new CommandLine(this, new Factory());
        final PrintWriter writer = new PrintWriter(out, true);
        line.setOut(writer);
        line.setErr(writer);
        line.setExecutionExceptionHandler((e, command, parsed) -> {
            writer.println(e.getMessage());
            return e instanceof IllegalArgumentException ? 2 : 1; // a value refused (--rate 0) is bad input, as a value that does not parse
        });
        return line.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is required: create, list, rotate,"
            + " revoke, show or budget");
    }

    /** A new active key; empty in the (astronomically unlikely) case its random id is taken. */
    public Optional<ApiKeyToken> create(final int ratePerSecond) {
        if (ratePerSecond < 1) {
            throw new IllegalArgumentException("--rate must be at least 1 request per second, was " + ratePerSecond);
        }
        final ApiKeyToken token = ApiKeySecrets.newToken(random);
        final boolean created = keys.create(new ApiKeyRecord(token.keyId(), ApiKeySecrets.sha256(token.secret()),
            ApiKeyRecord.ACTIVE, clock.millis(), ratePerSecond));
        return created ? Optional.of(token) : Optional.empty();
    }

    /**
     * A new secret for an active key, the previous one accepted for {@code grace} more (zero: not
     * at all); empty if the key is unknown or revoked.
     */
    public Optional<ApiKeyToken> rotate(final String keyId, final Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("--grace must not be negative, was " + grace);
        }
        final ApiKeyToken token = new ApiKeyToken(keyId, ApiKeySecrets.newSecret(random));
        return keys.rotate(keyId, ApiKeySecrets.sha256(token.secret()), clock.millis() + grace.toMillis())
            ? Optional.of(token) : Optional.empty();
    }

    /** Lets picocli build the subcommands around this command's collaborators. */
    private final class Factory implements CommandLine.IFactory {
        @Override
        public <K> K create(final Class<K> type) throws Exception {
            if (type.getEnclosingClass() == ApiKeyCommand.class && !Modifier.isStatic(type.getModifiers())) {
                return type.cast(type.getDeclaredConstructor(ApiKeyCommand.class).newInstance(ApiKeyCommand.this));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    @Command(name = "create", description = "Creates a key and prints its token once.")
    final class Create implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--rate", defaultValue = "" + DEFAULT_RATE, description = "requests per second (default ${DEFAULT-VALUE})")
        int rate;

        @Override
        public Integer call() {
            final Optional<ApiKeyToken> token = ApiKeyCommand.this.create(rate);
            token.ifPresent(t -> out.println("created key " + t.keyId() + " (" + rate + " req/s); token, shown once:\n" + t.value()));
            return token.isPresent() ? 0 : 1;
        }
    }

    @Command(name = "list", description = "Lists every key (never its secret).")
    final class ListKeys implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            for (final ApiKeyCatalog.Listed key : keys.list()) {
                out.println(key.keyId() + " " + key.state() + " " + key.ratePerSecond() + " req/s created "
                    + Instant.ofEpochMilli(key.createdAtMillis()));
            }
            return 0;
        }
    }

    @Command(name = "rotate", description = "Gives a key a new secret; the old one works until the grace period ends.")
    final class Rotate implements java.util.concurrent.Callable<Integer> {
        @Parameters(index = "0", paramLabel = "KEY_ID")
        String keyId;

        @Option(names = "--grace", defaultValue = "24h", converter = GraceConverter.class,
            description = "how long the old secret still works: 0, 90m, 24h, 7d or ISO-8601 (default ${DEFAULT-VALUE})")
        Duration grace;

        @Override
        public Integer call() {
            final Optional<ApiKeyToken> token = ApiKeyCommand.this.rotate(keyId, grace);
            out.println(token.map(t -> "rotated key " + t.keyId() + "; the old secret works until "
                    + Instant.ofEpochMilli(clock.millis() + grace.toMillis()) + "; new token, shown once:\n" + t.value())
                .orElse("no active key " + keyId));
            return token.isPresent() ? 0 : 1;
        }
    }

    @Command(name = "revoke", description = "Revokes a key at once, for good.")
    final class Revoke implements java.util.concurrent.Callable<Integer> {
        @Parameters(index = "0", paramLabel = "KEY_ID")
        String keyId;

        @Override
        public Integer call() {
            final boolean revoked = keys.revoke(keyId);
            out.println(revoked ? "revoked key " + keyId : "no key " + keyId);
            return revoked ? 0 : 1;
        }
    }

    @Command(name = "show", description = "Shows a key's state, rate and a rotation's grace.")
    final class Show implements java.util.concurrent.Callable<Integer> {
        @Parameters(index = "0", paramLabel = "KEY_ID")
        String keyId;

        @Override
        public Integer call() {
            final Optional<ApiKeyRecord> key = keys.get(keyId);
            out.println(key.map(k -> k.keyId() + " " + k.state() + " " + k.ratePerSecond() + " req/s created "
                + Instant.ofEpochMilli(k.createdAtMillis()) + (k.previousValidUntilMillis() > clock.millis()
                ? "; previous secret works until " + Instant.ofEpochMilli(k.previousValidUntilMillis()) : ""))
                .orElse("no key " + keyId));
            return key.isPresent() ? 0 : 1;
        }
    }

    @Command(name = "budget", description = "Sets a key's per-minute budgets (0: the defaults); blocks over them are parked.")
    final class Budget implements java.util.concurrent.Callable<Integer> {
        @Parameters(index = "0", paramLabel = "KEY_ID")
        String keyId;

        @Option(names = "--bytes", required = true, description = "declared uncompressed block bytes per minute")
        long bytes;

        @Option(names = "--events", required = true, description = "events per minute")
        long events;

        @Override
        public Integer call() {
            if (bytes < 0 || events < 0) {
                throw new IllegalArgumentException("--bytes and --events must not be negative, were " + bytes + " and " + events);
            }
            final boolean set = keys.setBudgets(keyId, bytes, events);
            out.println(set ? "key " + keyId + ": budgets " + bytes + " bytes and " + events + " events per minute (0: default)"
                : "no key " + keyId);
            return set ? 0 : 1;
        }
    }

    /** {@code 0}, {@code 90m}, {@code 24h}, {@code 7d}, or an ISO-8601 duration; at most {@link #MAX_GRACE}. */
    public static final class GraceConverter implements CommandLine.ITypeConverter<Duration> {
        /** A grace longer than a year is a typo, not a rotation (and past some millennia, a time no clock can add). */
        public static final Duration MAX_GRACE = Duration.ofDays(365);

        public GraceConverter() {
            // picocli instantiates converters reflectively
        }

        @Override
        public Duration convert(final String value) {
            final String text = value.trim().toLowerCase(Locale.ROOT);
            try {
                final Duration grace = parse(text, value.trim());
                if (grace.compareTo(MAX_GRACE) > 0) {
                    throw new CommandLine.TypeConversionException("'" + value + "' is longer than the longest grace, 365 days");
                }
                return grace;
            } catch (final DateTimeParseException | ArithmeticException | NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: 0, 90m, 24h, 7d or ISO-8601 (PT24H)");
            }
        }

        private static Duration parse(final String text, final String value) {
            if (text.equals("0")) {
                return Duration.ZERO;
            }
            if (text.matches("\\d+[smhd]")) {
                final long amount = Long.parseLong(text.substring(0, text.length() - 1));
                return switch (text.charAt(text.length() - 1)) {
                    case 's' -> Duration.ofSeconds(amount);
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            return Duration.parse(value);
        }
    }
}
