package io.lakeobs.tracing.log4j2;

import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.tracing.sink.InMemorySink;
import io.lakeobs.tracing.testing.SinkEvents;
import io.lakeobs.transit.telemetry.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.MarkerManager;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logs through the Log4j2 API, configured by log4j2-test.xml (a file appender standing for the
 * application's own, plus lakeobs'), decoded back from the in-memory sink.
 */
class LakeobsAppenderTest {
    private static final Logger ORDERS = LogManager.getLogger("com.example.Orders");
    private static final Logger PAYMENTS = LogManager.getLogger("com.example.Payments");
    private static final Path APP_LOG = Path.of("target", "log4j2-test", "app.log");

    private TracingRuntime runtime;
    private int appLinesBefore;

    @BeforeEach
    void markTheApplicationsLog() throws IOException {
        ThreadContext.clearAll();
        appLinesBefore = appLines().size();
    }

    @AfterEach
    void uninstall() {
        ThreadContext.clearAll();
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void everyLevelAndLoggerIsRecordedWithItsTemplateAndRawParametersBesideTheApplicationsAppender() throws IOException {
        assertThat(appender()).as("log4j2-test.xml's <Lakeobs> found through the generated plugin index").isNotNull();
        final InMemorySink sink = install(Level.TRACE, 4096);
        ORDERS.trace("below Log4j2's root level {}", 0);
        ORDERS.debug("cart {} has {} items", "c-7", 3);
        ORDERS.info("order {} accepted for {}", 42, "alice");
        PAYMENTS.warn("retry {} of {} after {} s at {} by {}", 2, 5L, 1.5, 'x', "bob");
        PAYMENTS.error("no parameters {}");
        PAYMENTS.fatal("shutting down");
        ORDERS.info(new ParameterizedMessage("a message object {}", 7));
        ORDERS.printf(org.apache.logging.log4j.Level.INFO, "%s paid %.2f", "alice", 3.5);
        ORDERS.info("escaped \\{} and {}", "formatted by Log4j2");
        runtime.flush();

        assertThat(SinkEvents.logs(sink)).containsExactly(
            "2 com.example.Orders cart c-7 has 3 items",
            "3 com.example.Orders order 42 accepted for alice",
            "4 com.example.Payments retry 2 of 5 after 1.5 s at x by bob",
            "5 com.example.Payments no parameters {}",
            "6 com.example.Payments shutting down",
            "3 com.example.Orders a message object 7",
            "3 com.example.Orders alice paid 3.50",
            "3 com.example.Orders escaped {} and formatted by Log4j2");
        assertThat(appLines().subList(appLinesBefore, appLines().size())).as("the application's appender is untouched")
            .containsExactly(
                "DEBUG com.example.Orders cart c-7 has 3 items",
                "INFO com.example.Orders order 42 accepted for alice",
                "WARN com.example.Payments retry 2 of 5 after 1.5 s at x by bob",
                "ERROR com.example.Payments no parameters {}",
                "FATAL com.example.Payments shutting down",
                "INFO com.example.Orders a message object 7",
                "INFO com.example.Orders alice paid 3.50",
                "INFO com.example.Orders escaped {} and formatted by Log4j2");
    }

    @Test
    void lakeobsMinimumLevelAppliesAndNothingIsRecordedWithoutTracing() {
        ORDERS.error("dropped: not installed");
        final InMemorySink sink = install(Level.WARN, 4096);
        ORDERS.info("below lakeobs' minimum");
        ORDERS.warn("kept {}", 1);
        runtime.flush();

        assertThat(SinkEvents.logs(sink)).containsExactly("4 com.example.Orders kept 1");
    }

    @Test
    void oneCallSitePerLoggerLevelAndTemplate() {
        final InMemorySink sink = install(Level.INFO, 4096);
        final int before = appender().registeredSites();
        for (int i = 0; i < 3; i++) {
            ORDERS.info("site test {} of {}", i, "three");
        }
        ORDERS.warn("site test {} of {}", 3, "three");
        PAYMENTS.info("site test {} of {}", 4, "three");
        runtime.flush();

        assertThat(appender().registeredSites() - before).as("Orders info and warn, Payments info").isEqualTo(3);
        assertThat(SinkEvents.logs(sink)).hasSize(5).last().isEqualTo("3 com.example.Payments site test 4 of three");
    }

    @Test
    void theContextMapAndTheMarkerAreProperties() {
        final InMemorySink sink = install(Level.INFO, 4096);
        ThreadContext.put("order", "o-1");
        ThreadContext.put("user", "alice");
        ORDERS.info("paid {}", 12.5);
        ORDERS.warn(MarkerManager.getMarker("AUDIT"), "refunded {}", 3);
        ThreadContext.clearMap();
        ORDERS.info("no context");
        runtime.flush();

        assertThat(SinkEvents.logs(sink)).containsExactly(
            "3 com.example.Orders paid 12.5 {order=o-1, user=alice}",
            "4 com.example.Orders refunded 3 {order=o-1, user=alice, marker=AUDIT}",
            "3 com.example.Orders no context");
    }

    @Test
    void aThrowableIsStructuredWithItsCausesAndIsNotAnArgument() {
        final InMemorySink sink = install(Level.INFO, 16_384);
        final IOException cause = new IOException("disk full");
        ORDERS.error("order {} failed", 42, new IllegalStateException("boom", cause));
        ORDERS.error("order failed", new IllegalStateException("bare"));
        runtime.flush();

        final List<String> logs = SinkEvents.logs(sink);
        assertThat(logs.get(0))
            .startsWith("5 com.example.Orders order 42 failed\njava.lang.IllegalStateException: boom\n\tat "
                + LakeobsAppenderTest.class.getName() + ".aThrowableIsStructuredWithItsCausesAndIsNotAnArgument(")
            .contains("\nCaused by: java.io.IOException: disk full\n\tat " + LakeobsAppenderTest.class.getName());
        assertThat(logs.get(1)).startsWith("5 com.example.Orders order failed\njava.lang.IllegalStateException: bare\n\tat ");
    }

    @Test
    void templatesPastTheBudgetAreRecordedAsLog4j2FormatsThem() {
        final LakeobsAppender budget = LakeobsAppender.createAppender("budget", 1, true, null);
        budget.start();
        final InMemorySink sink = install(Level.INFO, 4096);
        budget.append(event("first {}", 1, "extra"));
        budget.append(event("second {}", 2, "extra"));
        runtime.flush();

        assertThat(budget.registeredSites()).isEqualTo(1);
        assertThat(SinkEvents.logs(sink)).as("a call site appends the extra argument; Log4j2 drops it").containsExactly(
            "3 com.example.Budget first 1 extra",
            "3 com.example.Budget second 2");
    }

    @Test
    void fromAnotherThreadTheCallersThreadIsAProperty() {
        final InMemorySink sink = install(Level.INFO, 4096);
        appender().append(Log4jLogEvent.newBuilder().setLoggerName("com.example.Async").setLevel(org.apache.logging.log4j.Level.INFO)
            .setMessage(new ParameterizedMessage("queued {}", 1)).setThreadName("caller").setThreadId(-1).build());
        runtime.flush();

        assertThat(SinkEvents.logs(sink)).containsExactly("3 com.example.Async queued 1 {thread=caller}");
    }

    private static Log4jLogEvent event(final String template, final Object... parameters) {
        return Log4jLogEvent.newBuilder().setLoggerName("com.example.Budget").setLevel(org.apache.logging.log4j.Level.INFO)
            .setMessage(new ParameterizedMessage(template, parameters)).build();
    }

    private static LakeobsAppender appender() {
        return ((LoggerContext) LogManager.getContext(false)).getConfiguration().getAppender("LAKEOBS");
    }

    private static List<String> appLines() throws IOException {
        return Files.exists(APP_LOG) ? Files.readAllLines(APP_LOG, StandardCharsets.UTF_8) : List.of();
    }

    private InMemorySink install(final Level minLevel, final int maxStringChars) {
        final InMemorySink sink = new InMemorySink();
        runtime = Tracing.builder().sink(sink).manualCollector().minLevel(minLevel).maxStringChars(maxStringChars)
            .shutdownHook(false).install();
        return sink;
    }
}
