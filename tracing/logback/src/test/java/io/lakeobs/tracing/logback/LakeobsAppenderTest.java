package io.lakeobs.tracing.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.tracing.sink.InMemorySink;
import io.lakeobs.tracing.testing.SinkEvents;
import io.lakeobs.transit.telemetry.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logs through SLF4J bound to Logback, configured by logback-test.xml (the application's own
 * appender plus lakeobs'), decoded back from the in-memory sink.
 */
class LakeobsAppenderTest {
    private static final Logger ORDERS = LoggerFactory.getLogger("com.example.Orders");
    private static final Logger PAYMENTS = LoggerFactory.getLogger("com.example.Payments");

    private TracingRuntime runtime;
    private ListAppender<ILoggingEvent> app;

    @BeforeEach
    void clearTheApplicationsAppender() {
        app = appender("APP");
        app.list.clear();
        MDC.clear();
    }

    @AfterEach
    void uninstall() {
        MDC.clear();
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void everyLevelAndLoggerIsRecordedWithItsTemplateAndRawArgumentsBesideTheApplicationsAppender() {
        final InMemorySink sink = install(Level.TRACE, 4096);
        ORDERS.trace("below Logback's root level {}", 0);
        ORDERS.debug("cart {} has {} items", "c-7", 3);
        ORDERS.info("order {} accepted for {}", 42, "alice");
        PAYMENTS.warn("retry {} of {} after {} s at {}", 2, 5L, 1.5, 'x');
        PAYMENTS.error("no arguments {}");
        ORDERS.info("escaped \\{} and {}", "formatted by Logback");
        runtime.flush();

        assertThat(SinkEvents.logs(sink)).containsExactly(
            "2 com.example.Orders cart c-7 has 3 items",
            "3 com.example.Orders order 42 accepted for alice",
            "4 com.example.Payments retry 2 of 5 after 1.5 s at x",
            "5 com.example.Payments no arguments {}",
            "3 com.example.Orders escaped {} and formatted by Logback");
        assertThat(app.list).extracting(ILoggingEvent::getFormattedMessage).as("the application's appender is untouched")
            .containsExactly("cart c-7 has 3 items", "order 42 accepted for alice", "retry 2 of 5 after 1.5 s at x",
                "no arguments {}", "escaped {} and formatted by Logback");
    }

    @Test
    void lakeobsMinimumLevelAppliesAndNothingIsRecordedWithoutTracing() {
        ORDERS.error("dropped: not installed");
        final InMemorySink sink = install(Level.WARN, 4096);
        ORDERS.info("below lakeobs' minimum");
        ORDERS.warn("kept {}", 1);
        runtime.flush();

        assertThat(SinkEvents.logs(sink)).containsExactly("4 com.example.Orders kept 1");
        assertThat(app.list).as("Logback's own level decides for its appenders").hasSize(3);
    }

    @Test
    void oneCallSitePerLoggerLevelAndTemplate() {
        final InMemorySink sink = install(Level.INFO, 4096);
        final LakeobsAppender lakeobs = appender("LAKEOBS");
        final int before = lakeobs.registeredSites();
        for (int i = 0; i < 3; i++) {
            ORDERS.info("site test {} of {}", i, "three");
        }
        ORDERS.warn("site test {} of {}", 3, "three");
        PAYMENTS.info("site test {} of {}", 4, "three");
        runtime.flush();

        assertThat(lakeobs.registeredSites() - before).as("Orders info and warn, Payments info").isEqualTo(3);
        assertThat(SinkEvents.logs(sink)).hasSize(5).last().isEqualTo("3 com.example.Payments site test 4 of three");
    }

    @Test
    void mdcKeyValuePairsAndMarkersAreProperties() {
        final InMemorySink sink = install(Level.INFO, 4096);
        MDC.put("order", "o-1");
        MDC.put("user", "alice");
        ORDERS.info("paid {}", 12.5);
        final Marker audit = MarkerFactory.getMarker("AUDIT");
        ORDERS.warn(audit, "refunded {}", 3);
        MDC.clear();
        ORDERS.atInfo().addMarker(audit).addMarker(MarkerFactory.getMarker("PII")).addKeyValue("amount", 7)
            .log("fluent {}", "call");
        ORDERS.info("no context");
        runtime.flush();

        assertThat(SinkEvents.logs(sink)).as("MDC entries in the order of Logback's map (a HashMap)").containsExactly(
            "3 com.example.Orders paid 12.5 {user=alice, order=o-1}",
            "4 com.example.Orders refunded 3 {user=alice, order=o-1, marker=AUDIT}",
            "3 com.example.Orders fluent call {amount=7, marker=AUDIT,PII}",
            "3 com.example.Orders no context");
    }

    @Test
    void aThrowableIsStructuredWithItsCauses() {
        final InMemorySink sink = install(Level.INFO, 16_384);
        final IOException cause = new IOException("disk full");
        ORDERS.error("order {} failed", 42, new IllegalStateException("boom", cause));
        runtime.flush();

        final String text = SinkEvents.logs(sink).get(0);
        assertThat(text).as("the throwable is not an argument: Logback took it out of the array")
            .startsWith("5 com.example.Orders order 42 failed\njava.lang.IllegalStateException: boom\n\tat "
                + LakeobsAppenderTest.class.getName() + ".aThrowableIsStructuredWithItsCauses(")
            .contains("\nCaused by: java.io.IOException: disk full\n\tat " + LakeobsAppenderTest.class.getName());
    }

    @Test
    void templatesPastTheBudgetAreRecordedAsLogbackFormatsThem() {
        final LakeobsAppender lakeobs = new LakeobsAppender();
        lakeobs.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        lakeobs.setMaxSites(1);
        lakeobs.start();
        final Logger logger = LoggerFactory.getLogger("com.example.Budget");
        logger.info("first {}", 1, "extra");
        logger.info("second {}", 2, "extra");
        final InMemorySink sink = install(Level.INFO, 4096);
        app.list.forEach(lakeobs::doAppend); // the events the application's appender received, to this appender alone
        runtime.flush();

        assertThat(lakeobs.registeredSites()).isEqualTo(1);
        assertThat(SinkEvents.logs(sink)).as("a call site appends the extra argument; Logback drops it").containsExactly(
            "3 com.example.Budget first 1 extra",
            "3 com.example.Budget second 2");
    }

    @Test
    void behindAnAsyncAppenderTheCallersThreadIsAProperty() throws InterruptedException {
        final InMemorySink sink = install(Level.INFO, 4096);
        ORDERS.info("queued {}", 1);
        final ILoggingEvent event = app.list.get(0);
        event.prepareForDeferredProcessing(); // what AsyncAppender does before queueing
        final LakeobsAppender lakeobs = appender("LAKEOBS");
        final Thread worker = new Thread(() -> lakeobs.doAppend(event), "logback-worker");
        worker.start();
        worker.join();
        runtime.flush();

        assertThat(SinkEvents.logs(sink)).as("each thread's events in its own blocks").containsExactlyInAnyOrder(
            "3 com.example.Orders queued 1",
            "3 com.example.Orders queued 1 {thread=" + Thread.currentThread().getName() + "}");
    }

    @SuppressWarnings("unchecked")
    private static <T> T appender(final String name) {
        final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        return (T) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(name);
    }

    private InMemorySink install(final Level minLevel, final int maxStringChars) {
        final InMemorySink sink = new InMemorySink();
        runtime = Tracing.builder().sink(sink).manualCollector().minLevel(minLevel).maxStringChars(maxStringChars)
            .shutdownHook(false).install();
        return sink;
    }
}
