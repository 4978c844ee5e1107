package io.lakeobs.tests.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import io.lakeobs.functions.core.catalog.ApiKeyCatalog;
import io.lakeobs.functions.core.catalog.TableNames;
import io.lakeobs.functions.core.retention.Deadlines;
import io.lakeobs.functions.ingest.keys.ApiKeyCommand;
import io.lakeobs.functions.views.ViewsConfig;
import io.lakeobs.functions.views.ViewsRuntime;
import io.lakeobs.functions.views.catalog.ViewStore;
import io.lakeobs.local.EmbeddedStack;
import io.lakeobs.local.demo.LocalQuery;
import io.lakeobs.local.query.LiveViewFiles;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.uploader.Uploader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issue-23 acceptance: a sample application using only the SLF4J API with Logback, and one
 * using Log4j2, each its own process with the lakeobs appender added to its configuration,
 * recorded through the real uploader into the embedded stack, indexed, turned into the global
 * views, and checked by SQL (DuckDB over the live Parquet files): levels, loggers, messages,
 * threads, MDC / context map and markers as properties, exception class, message and stack.
 */
class LoggingBackendsEndToEndTest {
    private static final int ORDERS = 20;
    private static final int INVOICES = 15;

    private static Path data;
    private static LocalQuery query;

    @BeforeAll
    static void recordBothSamplesAndBuildTheViews() throws Exception {
        data = Files.createDirectories(Path.of("target", "logging-e2e-" + UUID.randomUUID())).toAbsolutePath();
        final Clock clock = Clock.systemUTC();
        try (EmbeddedStack stack = EmbeddedStack.builder().workRoot(data).notificationPollInterval(Duration.ZERO)
            .lakeobsFunctions(clock).start()) {
            final TableNames tables = TableNames.withPrefix(stack.tablePrefix());
            final String key = new ApiKeyCommand(new ApiKeyCatalog(stack.dynamoDb(), tables), clock, new SecureRandom(),
                new PrintStream(PrintStream.nullOutputStream())).create(1000).orElseThrow().value();

            final LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
            configureLogback(logback, "logging/logback-shop.xml");
            try {
                record(stack.ingestUri(), key, "shop-logback", "shop-main", () -> ShopWithLogback.run(ORDERS));
            } finally {
                logback.reset();
                new ContextInitializer(logback).autoConfig(); // the test JVM's own configuration again
            }

            final org.apache.logging.log4j.core.LoggerContext log4j = new org.apache.logging.log4j.core.LoggerContext(
                "billing", null, resource("logging/log4j2-billing.xml"));
            log4j.start();
            try {
                record(stack.ingestUri(), key, "billing-log4j2", "billing-main", () -> BillingWithLog4j2.run(log4j, INVOICES));
            } finally {
                log4j.stop();
            }

            stack.deliverPendingNotifications();
            final ViewsConfig config = ViewsConfig.fromEnv(java.util.Map.of(ViewsConfig.VIEWS_BUCKET, stack.viewsBucket()),
                tables, stack.rawBucket());
            final Clock viewsClock = Clock.offset(clock, config.lateness().plusMinutes(2));
            new ViewsRuntime(stack.s3(), stack.dynamoDb(), config, viewsClock, Deadlines.defaults()).global().run();
            new LiveViewFiles(new ViewStore(stack.s3(), stack.viewsBucket())).global(data.resolve("views"), clock.millis(),
                viewsClock.millis());
        }
        query = new LocalQuery(data.resolve("views"));
    }

    @AfterAll
    static void close() throws Exception {
        if (query != null) {
            query.close();
        }
    }

    @Test
    void logbackSampleLevelsLoggersAndMessages() throws Exception {
        assertThat(rows("SELECT level, target, count(*) FROM log_entries WHERE process_properties['app'] = 'shop-logback' "
            + "GROUP BY ALL ORDER BY level, target")).as("INFO per order, WARN every 4th, ERROR every 5th, no DEBUG")
            .containsExactly("3|com.example.shop.Orders|" + ORDERS, "4|com.example.shop.Payments|5", "5|com.example.shop.Payments|4");
        assertThat(rows("SELECT msg, thread_name FROM log_entries WHERE process_properties['app'] = 'shop-logback' "
            + "AND properties['order'] = 'o-7' ORDER BY level"))
            .containsExactly("order o-7 placed by user-1|shop-main", "payment of o-7 retried after 250 ms|shop-main");
    }

    @Test
    void logbackSampleMdcAndMarkersAreProperties() throws Exception {
        assertThat(rows("SELECT count(*) FROM log_entries WHERE process_properties['app'] = 'shop-logback' "
            + "AND properties['tenant'] = 'acme' AND properties['order'] LIKE 'o-%'")).containsExactly(String.valueOf(ORDERS + 5 + 4));
        assertThat(rows("SELECT level, count(*) FROM log_entries WHERE process_properties['app'] = 'shop-logback' "
            + "AND properties['marker'] = 'AUDIT' GROUP BY ALL")).containsExactly("4|5");
    }

    @Test
    void logbackSampleExceptionsAreStructured() throws Exception {
        assertThat(rows("SELECT msg, exception_class, exception_message, "
            + "exception_stack LIKE '%Caused by: java.io.IOException: gateway timeout%', "
            + "exception_stack LIKE '%at " + ShopWithLogback.class.getName() + ".run(%' "
            + "FROM log_entries WHERE process_properties['app'] = 'shop-logback' AND level = 5 ORDER BY msg"))
            .containsExactly(
                "payment of o-14 failed|java.lang.IllegalStateException|card declined|true|true",
                "payment of o-19 failed|java.lang.IllegalStateException|card declined|true|true",
                "payment of o-4 failed|java.lang.IllegalStateException|card declined|true|true",
                "payment of o-9 failed|java.lang.IllegalStateException|card declined|true|true");
        assertThat(rows("SELECT count(*) FROM log_entries WHERE process_properties['app'] = 'shop-logback' "
            + "AND level < 5 AND exception_class IS NOT NULL")).containsExactly("0");
    }

    @Test
    void log4j2SampleLevelsLoggersMessagesAndContext() throws Exception {
        assertThat(rows("SELECT level, target, count(*) FROM log_entries WHERE process_properties['app'] = 'billing-log4j2' "
            + "GROUP BY ALL ORDER BY level, target")).as("INFO per invoice, WARN every 3rd, ERROR every 5th, no DEBUG")
            .containsExactly("3|com.example.billing.Invoices|" + INVOICES, "4|com.example.billing.Invoices|5",
                "5|com.example.billing.Mail|3");
        assertThat(rows("SELECT level, msg, thread_name, properties['tenant'], properties['marker'] FROM log_entries "
            + "WHERE process_properties['app'] = 'billing-log4j2' AND properties['invoice'] = 'inv-14' ORDER BY level"))
            .containsExactly(
                "3|invoice inv-14 issued for 114 EUR|billing-main|globex|null",
                "4|invoice inv-14 overdue by 14 days|billing-main|globex|DUNNING",
                "5|sending inv-14 failed|billing-main|globex|null");
        assertThat(rows("SELECT exception_class, exception_message, count(*), "
            + "bool_and(exception_stack LIKE '%Caused by: java.io.IOException: connection reset%') "
            + "FROM log_entries WHERE process_properties['app'] = 'billing-log4j2' AND level = 5 GROUP BY ALL"))
            .containsExactly("java.lang.IllegalStateException|mailbox full|3|true");
    }

    /** Runs a sample as its own lakeobs process (tracing installed, then shut down: the uploader drains). */
    private static void record(final URI ingest, final String apiKey, final String app, final String thread,
                               final Runnable sample) throws InterruptedException {
        final Uploader uploader = Uploader.builder().endpoint(ingest).apiKey(apiKey).build();
        final TracingRuntime tracing = uploader.configure(Tracing.builder()).processProperty("app", app)
            .shutdownHook(false).install();
        try {
            final Thread main = new Thread(sample, thread);
            main.start();
            main.join();
        } finally {
            tracing.shutdown(Duration.ofSeconds(60));
        }
        assertThat(tracing.droppedEvents(StreamKind.LOG)).isZero();
        assertThat(uploader.stats().blocksDropped()).isZero();
    }

    private static void configureLogback(final LoggerContext context, final String resource) throws Exception {
        context.reset();
        final JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(resource(resource).toURL());
    }

    private static URI resource(final String name) throws Exception {
        return LoggingBackendsEndToEndTest.class.getClassLoader().getResource(name).toURI();
    }

    /** The rows of a query, each as its columns joined by '|' (LocalQuery prints them joined by " | "). */
    private static List<String> rows(final String sql) throws Exception {
        final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            query.print(sql, out);
        }
        final List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        return lines.subList(1, lines.size()).stream().map(line -> line.replace(" | ", "|")).toList();
    }
}
