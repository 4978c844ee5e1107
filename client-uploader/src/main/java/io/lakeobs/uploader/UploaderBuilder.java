package io.lakeobs.uploader;

import io.lakeobs.protocol.ApiKeyToken;
import io.lakeobs.tracing.sink.StreamKind;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Configures an {@link Uploader}: code settings first, then optionally
 * {@link #fromEnvironment} (the variables of {@link UploaderEnv}). Every setting but the
 * endpoint and the API key has a default.
 */
public final class UploaderBuilder {
    private URI endpoint;
    private ApiKeyToken apiKey;
    private Path spoolDirectory;
    private long spoolMaxBytes = UploaderEnv.DEFAULT_SPOOL_MAX_BYTES;
    private final long[] budgets = {UploaderEnv.DEFAULT_BUDGET_LOG_BYTES, UploaderEnv.DEFAULT_BUDGET_METRICS_BYTES,
        UploaderEnv.DEFAULT_BUDGET_SPANS_BYTES};
    private int blockTargetBytes = UploaderEnv.DEFAULT_BLOCK_TARGET_BYTES;
    private int compressionRatio = UploaderEnv.DEFAULT_COMPRESSION_RATIO;
    private Duration flushPeriod = UploaderEnv.DEFAULT_FLUSH_PERIOD;
    private int maxInFlight = UploaderEnv.DEFAULT_MAX_IN_FLIGHT;
    private Duration requestTimeout = UploaderEnv.DEFAULT_REQUEST_TIMEOUT;
    private Duration connectTimeout = UploaderEnv.DEFAULT_CONNECT_TIMEOUT;
    private Duration backoffBase = UploaderEnv.DEFAULT_BACKOFF_BASE;
    private Duration backoffCap = UploaderEnv.DEFAULT_BACKOFF_CAP;
    private Duration flushWait = UploaderEnv.DEFAULT_FLUSH_WAIT;
    private Duration shutdownDeadline = UploaderEnv.DEFAULT_SHUTDOWN_DEADLINE;
    private boolean crashSafe;
    private Clock clock = Clock.systemUTC();
    private Random random = new Random();
    private boolean manual;

    UploaderBuilder() {
    }

    /** Base URL of the ingest API. */
    public UploaderBuilder endpoint(final URI endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.getScheme() == null || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https"))
            || endpoint.getHost() == null) {
            throw new IllegalArgumentException("endpoint must be an http(s) URL with a host: " + endpoint);
        }
        this.endpoint = endpoint;
        return this;
    }

    /** The API key as {@code keyId.secret}. */
    public UploaderBuilder apiKey(final String token) {
        final ApiKeyToken parsed = ApiKeyToken.parse(token);
        if (parsed == null) {
            throw new IllegalArgumentException("API key must look like keyId.secret");
        }
        this.apiKey = parsed;
        return this;
    }

    /** Turns the on-disk spool on, in this directory (created if missing). */
    public UploaderBuilder spoolDirectory(final Path directory) {
        this.spoolDirectory = directory;
        return this;
    }

    public UploaderBuilder spoolMaxBytes(final long bytes) {
        this.spoolMaxBytes = positive("spoolMaxBytes", bytes);
        return this;
    }

    /** In-memory byte budget of the blocks of one kind waiting for upload. */
    public UploaderBuilder budget(final StreamKind kind, final long bytes) {
        budgets[kind.priority()] = positive("budget " + kind, bytes);
        return this;
    }

    /** Compressed size blocks are sealed at (tracing is configured from it by {@link Uploader#configure}). */
    public UploaderBuilder blockTargetBytes(final int bytes) {
        if (bytes < 1024 || bytes > 16 << 20) {
            throw new IllegalArgumentException("blockTargetBytes must be within 1 KiB and 16 MiB: " + bytes);
        }
        this.blockTargetBytes = bytes;
        return this;
    }

    public UploaderBuilder compressionRatio(final int ratio) {
        if (ratio < 1 || ratio > 16) {
            throw new IllegalArgumentException("compressionRatio must be within 1 and 16: " + ratio);
        }
        this.compressionRatio = ratio;
        return this;
    }

    public UploaderBuilder flushPeriod(final Duration period) {
        this.flushPeriod = positive("flushPeriod", period);
        return this;
    }

    /**
     * How long a shutdown (tracing's hook on exit or SIGTERM, {@code close()}) keeps sending
     * before it stops; what is left stays in the spool (without one, it is lost and counted).
     * {@link Uploader#configure} hands it to tracing too.
     */
    public UploaderBuilder shutdownDeadline(final Duration deadline) {
        this.shutdownDeadline = positive("shutdownDeadline", deadline);
        return this;
    }

    /**
     * Crash-safe recording: {@link Uploader#configure} makes tracing map its rings from files in
     * the spool's {@value UploaderEnv#RINGS_DIRECTORY} directory, and recover there, at install,
     * what processes killed before had recorded. Needs a spool directory.
     */
    public UploaderBuilder crashSafe(final boolean enabled) {
        this.crashSafe = enabled;
        return this;
    }

    public UploaderBuilder maxInFlight(final int requests) {
        if (requests < 1 || requests > 256) {
            throw new IllegalArgumentException("maxInFlight must be within 1 and 256: " + requests);
        }
        this.maxInFlight = requests;
        return this;
    }

    public UploaderBuilder requestTimeout(final Duration timeout) {
        this.requestTimeout = positive("requestTimeout", timeout);
        return this;
    }

    public UploaderBuilder connectTimeout(final Duration timeout) {
        this.connectTimeout = positive("connectTimeout", timeout);
        return this;
    }

    /** Retry delays: {@code base * 2^attempt}, at most {@code cap}, half of it jittered. */
    public UploaderBuilder backoff(final Duration base, final Duration cap) {
        this.backoffBase = positive("backoff base", base);
        this.backoffCap = positive("backoff cap", cap);
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff cap " + cap + " is below its base " + base);
        }
        return this;
    }

    public UploaderBuilder flushWait(final Duration wait) {
        this.flushWait = positive("flushWait", wait);
        return this;
    }

    /** Time of retries and presign expiry; tests pass a {@link SettableClock}. */
    public UploaderBuilder clock(final Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Jitter source; tests pass a seeded one. */
    public UploaderBuilder random(final Random random) {
        this.random = Objects.requireNonNull(random, "random");
        return this;
    }

    /** No background thread: the caller drives every step with {@link Uploader#runUntilIdle()}. For tests. */
    public UploaderBuilder manual() {
        this.manual = true;
        return this;
    }

    /** Applies the {@link UploaderEnv} variables that are set in {@code env}; a bad value is an error naming it. */
    public UploaderBuilder fromEnvironment(final Map<String, String> env) {
        final String endpointText = value(env, UploaderEnv.ENDPOINT);
        if (endpointText != null) {
            try {
                endpoint(URI.create(endpointText));
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException(UploaderEnv.ENDPOINT + ": " + e.getMessage());
            }
        }
        final String key = value(env, UploaderEnv.API_KEY);
        if (key != null) {
            try {
                apiKey(key);
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException(UploaderEnv.API_KEY + ": " + e.getMessage());
            }
        }
        final String spool = value(env, UploaderEnv.SPOOL_DIR);
        if (spool != null) {
            spoolDirectory(Path.of(spool));
        }
        bytes(env, UploaderEnv.SPOOL_MAX_BYTES, this::spoolMaxBytes);
        bytes(env, UploaderEnv.BUDGET_LOG_BYTES, b -> budget(StreamKind.LOG, b));
        bytes(env, UploaderEnv.BUDGET_METRICS_BYTES, b -> budget(StreamKind.METRICS, b));
        bytes(env, UploaderEnv.BUDGET_SPANS_BYTES, b -> budget(StreamKind.SPANS, b));
        bytes(env, UploaderEnv.BLOCK_TARGET_BYTES, b -> blockTargetBytes((int) Math.min(Integer.MAX_VALUE, b)));
        final String period = value(env, UploaderEnv.FLUSH_PERIOD_MS);
        if (period != null) {
            flushPeriod(Duration.ofMillis(UploaderEnv.parsePositiveLong(UploaderEnv.FLUSH_PERIOD_MS, period)));
        }
        final String deadline = value(env, UploaderEnv.SHUTDOWN_DEADLINE_MS);
        if (deadline != null) {
            shutdownDeadline(Duration.ofMillis(UploaderEnv.parsePositiveLong(UploaderEnv.SHUTDOWN_DEADLINE_MS, deadline)));
        }
        final String crash = value(env, UploaderEnv.CRASH_SAFE);
        if (crash != null) {
            if (!crash.trim().equalsIgnoreCase("true") && !crash.trim().equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(UploaderEnv.CRASH_SAFE + ": true or false, not '" + crash + "'");
            }
            crashSafe(Boolean.parseBoolean(crash.trim()));
        }
        final String inFlight = value(env, UploaderEnv.MAX_IN_FLIGHT);
        if (inFlight != null) {
            maxInFlight((int) Math.min(Integer.MAX_VALUE, UploaderEnv.parsePositiveLong(UploaderEnv.MAX_IN_FLIGHT, inFlight)));
        }
        return this;
    }

    /**
     * Builds and starts the uploader: takes the spool's lock, recovers the blocks earlier runs
     * spooled (they are sent first) and, unless manual, starts the background thread.
     *
     * @throws IllegalStateException when the endpoint or the API key is missing, or another
     *                               process holds the spool
     */
    public Uploader build() {
        return new Uploader(settings());
    }

    /** The settings as {@link #build()} would use them; checks that the endpoint and key are set. */
    UploaderConfig settings() {
        if (endpoint == null) {
            throw new IllegalStateException("no ingest endpoint: set it with endpoint(...) or " + UploaderEnv.ENDPOINT);
        }
        if (apiKey == null) {
            throw new IllegalStateException("no API key: set it with apiKey(...) or " + UploaderEnv.API_KEY);
        }
        if (crashSafe && spoolDirectory == null) {
            throw new IllegalStateException("crash-safe recording needs a spool directory: set spoolDirectory(...) or "
                + UploaderEnv.SPOOL_DIR);
        }
        return new UploaderConfig(endpoint, apiKey, spoolDirectory, spoolMaxBytes, budgets.clone(),
            blockTargetBytes, compressionRatio, flushPeriod, maxInFlight, requestTimeout, connectTimeout, backoffBase,
            backoffCap, flushWait, shutdownDeadline, crashSafe, clock, random, manual);
    }

    private interface LongSetter {
        void set(long value);
    }

    private static void bytes(final Map<String, String> env, final String variable, final LongSetter setter) {
        final String text = value(env, variable);
        if (text != null) {
            try {
                setter.set(UploaderEnv.parseBytes(variable, text));
            } catch (final IllegalArgumentException e) {
                throw e.getMessage().startsWith(variable) ? e : new IllegalArgumentException(variable + ": " + e.getMessage());
            }
        }
    }

    private static String value(final Map<String, String> env, final String variable) {
        final String value = env.get(variable);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static long positive(final String what, final long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive: " + value);
        }
        return value;
    }

    private static Duration positive(final String what, final Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + value);
        }
        return value;
    }
}
