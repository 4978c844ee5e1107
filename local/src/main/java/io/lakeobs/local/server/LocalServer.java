package io.lakeobs.local.server;

import io.lakeobs.functions.core.catalog.ApiKeyCatalog;
import io.lakeobs.functions.core.catalog.ApiKeyRecord;
import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.ProcessCatalog;
import io.lakeobs.functions.core.catalog.TableNames;
import io.lakeobs.functions.core.config.EnvVars;
import io.lakeobs.functions.core.metrics.Metrics;
import io.lakeobs.functions.core.retention.Deadlines;
import io.lakeobs.functions.ingest.keys.ApiKeyCommand;
import io.lakeobs.functions.lifecycle.LifecycleConfig;
import io.lakeobs.functions.lifecycle.LifecycleRuntime;
import io.lakeobs.functions.lifecycle.RetentionHandler;
import io.lakeobs.functions.lifecycle.SamplerHandler;
import io.lakeobs.functions.lifecycle.sampling.Materializer;
import io.lakeobs.functions.views.ScheduledViewsHandler;
import io.lakeobs.functions.views.ViewsConfig;
import io.lakeobs.functions.views.ViewsRuntime;
import io.lakeobs.functions.views.catalog.ViewStore;
import io.lakeobs.local.EmbeddedStack;
import io.lakeobs.protocol.ApiKeyToken;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * {@code lakeobs up}: the embedded stack as a long-running server on 127.0.0.1 whose S3 objects and
 * DynamoDB tables stay in a data directory across restarts, an API key kept there too (so an
 * application's exports stay valid), the scheduled functions on their schedules, and the
 * {@link ControlApi} the other commands use, announced in {@link ServerFile}.
 */
public final class LocalServer implements AutoCloseable {
    /** The views' lateness here: a local application's blocks arrive within seconds, not minutes. */
    static final Duration LOCAL_LATENESS = Duration.ofSeconds(15);
    private static final String KEY_FILE = "api-key";

    /**
     * How to run it. {@code ingestClock} stamps insert times; {@code viewsClock} drives the views,
     * sampler and retention (tests move it past the lateness); {@code schedules} off leaves the
     * scheduled functions to {@link #runScheduledNow()}.
     */
    public record Settings(Path dataDirectory, int ingestPort, int controlPort, Clock ingestClock, Clock viewsClock,
                           boolean schedules) {
    }

    private final Path dataDirectory;
    private final EmbeddedStack stack;
    private final Schedules schedules;
    private final ControlApi control;
    private final ServerFile file;

    private LocalServer(final Path dataDirectory, final EmbeddedStack stack, final Schedules schedules, final ControlApi control,
                        final ServerFile file) {
        this.dataDirectory = dataDirectory;
        this.stack = stack;
        this.schedules = schedules;
        this.control = control;
        this.file = file;
    }

    /** Starts everything and writes {@code server.json}; {@code report} receives failures of scheduled runs. */
    public static LocalServer start(final Settings settings, final Consumer<String> report) throws Exception {
        final Path data = Files.createDirectories(settings.dataDirectory().toAbsolutePath());
        final EmbeddedStack stack = EmbeddedStack.builder().dataDirectory(data.resolve("stack")).ingestPort(settings.ingestPort())
            .lakeobsFunctions(settings.ingestClock()).start();
        Schedules schedules = null;
        ControlApi control = null;
        try {
            final TableNames tables = TableNames.withPrefix(stack.tablePrefix());
            final ApiKeyCatalog keyCatalog = new ApiKeyCatalog(stack.dynamoDb(), tables);
            final String apiKey = apiKey(data, keyCatalog, settings.ingestClock());
            final Clock clock = settings.viewsClock();
            final ViewsConfig config = ViewsConfig.fromEnv(Map.of(ViewsConfig.VIEWS_BUCKET, stack.viewsBucket()), tables,
                stack.rawBucket());
            final ViewsConfig local = config.withWindows(LOCAL_LATENESS, config.lookback(), config.initialLookback(),
                config.maxWindowsPerRun());
            final ViewsRuntime views = new ViewsRuntime(stack.s3(), stack.dynamoDb(), local, clock, Deadlines.defaults());
            final LifecycleRuntime lifecycle = new LifecycleRuntime(stack.s3(), stack.dynamoDb(), stack.functionConfig(),
                LifecycleConfig.fromEnv(Map.of(EnvVars.VIEWS_BUCKET, stack.viewsBucket())), Materializer.NONE, clock);
            final ReentrantLock serial = new ReentrantLock();
            schedules = new Schedules(List.of(
                job(serial, "lakeobs-views", Duration.ofMinutes(1), stack, new ScheduledViewsHandler(views.global(), Metrics.none()), clock),
                job(serial, "lakeobs-sampler", Duration.ofMinutes(5), stack,
                    new SamplerHandler(lifecycle.sampler(), lifecycle.policy(), clock, Metrics.none()), clock),
                job(serial, "lakeobs-retention", Duration.ofHours(1), stack,
                    new RetentionHandler(lifecycle.retention(), lifecycle.deletion(), Metrics.none()), clock)), report);
            final Operations operations = new Operations(views, new ViewStore(stack.s3(), stack.viewsBucket()),
                new ProcessCatalog(stack.dynamoDb(), tables, clock, stack.functionConfig().retention()),
                new BlockCatalog(stack.dynamoDb(), tables),
                out -> new ApiKeyCommand(keyCatalog, settings.ingestClock(), new SecureRandom(), out), data.resolve("scratch"), clock);
            final String token = HexFormat.of().formatHex(random(24));
            control = ControlApi.start(operations, serial, token, settings.controlPort());
            if (settings.schedules()) {
                schedules.start();
            }
            final ServerFile file = new ServerFile(control.uri(), token, stack.ingestUri(), apiKey, ProcessHandle.current().pid());
            file.write(data);
            return new LocalServer(data, stack, schedules, control, file);
        } catch (Exception | Error e) {
            if (control != null) {
                control.close();
            }
            if (schedules != null) {
                schedules.close();
            }
            stack.close();
            throw e;
        }
    }

    private static byte[] random(final int bytes) {
        final byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return value;
    }

    private static Schedules.Job job(final ReentrantLock serial, final String rule, final Duration period,
                                     final EmbeddedStack stack, final Object handler, final Clock clock) {
        return new Schedules.Job(rule, period, () -> {
            serial.lock();
            try {
                stack.runScheduled(handler, EmbeddedStack.scheduledEvent(rule, clock.instant()));
            } finally {
                serial.unlock();
            }
        });
    }

    /**
     * The API key kept in the data directory if it is still active, else a new one (written there,
     * owner-only), so that an application's LAKEOBS_API_KEY survives a restart.
     */
    private static String apiKey(final Path data, final ApiKeyCatalog keys, final Clock clock) throws IOException {
        final Path file = data.resolve(KEY_FILE);
        if (Files.exists(file)) {
            final String kept = Files.readString(file, StandardCharsets.UTF_8).trim();
            final Optional<ApiKeyToken> token = parse(kept);
            if (token.isPresent() && keys.get(token.get().keyId()).map(k -> ApiKeyRecord.ACTIVE.equals(k.state())).orElse(false)) {
                return kept;
            }
        }
        final ApiKeyToken token = new ApiKeyCommand(keys, clock, new SecureRandom(), new PrintStream(PrintStream.nullOutputStream()))
            .create(ApiKeyCommand.DEFAULT_RATE * 10).orElseThrow();
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, token.value() + "\n", StandardCharsets.UTF_8);
        return token.value();
    }

    private static Optional<ApiKeyToken> parse(final String value) {
        try {
            return Optional.of(ApiKeyToken.parse(value));
        } catch (final IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** What {@code server.json} says: the control and ingest URLs and the API key. */
    public ServerFile file() {
        return file;
    }

    public URI ingestUri() {
        return stack.ingestUri();
    }

    /** The stack, for tests and the demo's own checks. */
    public EmbeddedStack stack() {
        return stack;
    }

    /** Delivers pending S3 notifications, then runs every scheduled function once. */
    public void runScheduledNow() {
        stack.deliverPendingNotifications();
        schedules.runAll();
    }

    /** Stops the schedules, the control endpoint and the stack (its data stays), and removes {@code server.json}. */
    @Override
    public void close() throws Exception {
        try {
            Files.deleteIfExists(ServerFile.path(dataDirectory));
            control.close();
            schedules.close();
        } finally {
            stack.close();
        }
    }
}
