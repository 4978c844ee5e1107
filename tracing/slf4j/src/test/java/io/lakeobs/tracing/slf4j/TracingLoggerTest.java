package io.lakeobs.tracing.slf4j;

import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.tracing.sink.InMemorySink;
import io.lakeobs.tracing.testing.SinkEvents;
import io.lakeobs.transit.telemetry.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** SLF4J calls, found through the service provider, decoded back from the in-memory sink. */
class TracingLoggerTest {
    private static final Logger ORDERS = LoggerFactory.getLogger("com.example.Orders");

    private TracingRuntime runtime;

    @AfterEach
    void uninstall() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void slf4jFindsThisProviderRatherThanItsNoOpFallback() {
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(TracingLoggerFactory.class);
        assertThat(LoggerFactory.getLogger("a.b")).isSameAs(LoggerFactory.getLogger("a.b")).isInstanceOf(TracingLogger.class);
    }

    @Test
    void messagesArriveFormattedWithTheirLevelAndLoggerName() {
        final InMemorySink sink = install(Level.INFO, 4096);
        ORDERS.info("order {} accepted for {}", 42, "alice");
        ORDERS.debug("below the minimum level {}", 1);
        ORDERS.trace("below the minimum level");
        ORDERS.warn("three {} {} {}", "a", 2L, 3.5);
        ORDERS.error(MarkerFactory.getMarker("AUDIT"), "marker kept as a property");
        ORDERS.atInfo().addArgument(7).log("fluent {}");
        ORDERS.info("escaped \\{} and null {}", (Object) null);
        runtime.flush();

        assertThat(SinkEvents.logs(sink)).containsExactly(
            "3 com.example.Orders order 42 accepted for alice",
            "4 com.example.Orders three a 2 3.5",
            "5 com.example.Orders marker kept as a property {marker=AUDIT}",
            "3 com.example.Orders fluent 7",
            "3 com.example.Orders escaped {} and null null");
    }

    @Test
    void argumentsAreStoredRawThroughOneCallSitePerPatternAndLevel() {
        final TracingLoggerFactory factory = new TracingLoggerFactory();
        final Logger logger = factory.getLogger("com.example.Raw");
        final InMemorySink sink = install(Level.INFO, 4096);
        for (int i = 0; i < 3; i++) {
            logger.info("took {} ms for {}", i, "order-" + i);
        }
        logger.warn("took {} ms for {}", 9, "order-9");
        logger.info("float {} and array {}", 0.1f, new int[] {1, 2});
        logger.info("one {}", 1, 2);
        runtime.flush();

        assertThat(factory.registeredSites()).as("info and warn of one pattern, then two more patterns").isEqualTo(4);
        assertThat(SinkEvents.logs(sink)).containsExactly(
            "3 com.example.Raw took 0 ms for order-0",
            "3 com.example.Raw took 1 ms for order-1",
            "3 com.example.Raw took 2 ms for order-2",
            "4 com.example.Raw took 9 ms for order-9",
            "3 com.example.Raw float 0.1 and array [1, 2]",
            "3 com.example.Raw one 1 2");
    }

    @Test
    void patternsPastTheSiteBudgetAreFormattedInstead() {
        final TracingLoggerFactory factory = new TracingLoggerFactory(2);
        final Logger logger = factory.getLogger("com.example.Budget");
        final InMemorySink sink = install(Level.INFO, 4096);
        for (int i = 0; i < 4; i++) {
            logger.info("pattern " + i + " value {}", i, "extra");
        }
        runtime.flush();

        assertThat(factory.registeredSites()).isEqualTo(2);
        assertThat(SinkEvents.logs(sink)).as("a call site appends the extra argument; SLF4J's formatter drops it").containsExactly(
            "3 com.example.Budget pattern 0 value 0 extra",
            "3 com.example.Budget pattern 1 value 1 extra",
            "3 com.example.Budget pattern 2 value 2",
            "3 com.example.Budget pattern 3 value 3");
    }

    @Test
    void levelChecksFollowTheInstalledMinimumAndNothingIsRecordedWithoutTracing() {
        assertThat(ORDERS.isErrorEnabled()).as("not installed").isFalse();
        ORDERS.error("dropped: no runtime");
        final InMemorySink sink = install(Level.WARN, 4096);
        assertThat(ORDERS.isErrorEnabled()).isTrue();
        assertThat(ORDERS.isWarnEnabled()).isTrue();
        assertThat(ORDERS.isInfoEnabled()).isFalse();
        assertThat(ORDERS.isDebugEnabled()).isFalse();
        assertThat(ORDERS.isTraceEnabled()).isFalse();
        ORDERS.info("filtered");
        ORDERS.warn("kept");
        runtime.flush();
        assertThat(SinkEvents.logs(sink)).containsExactly("4 com.example.Orders kept");
        runtime.close();
        runtime = null;
        assertThat(ORDERS.isErrorEnabled()).as("after shutdown").isFalse();
        ORDERS.error("dropped: shut down");
    }

    @Test
    void aThrowableIsAppendedWithItsFramesAndCausesWithoutTheFramesACauseShares() {
        final InMemorySink sink = install(Level.INFO, 16_384);
        final IOException cause = diskFull();
        final IllegalStateException failure = new IllegalStateException("boom", cause);
        ORDERS.error("order {} failed", 42, failure);
        runtime.flush();

        final String text = SinkEvents.logs(sink).get(0);
        assertThat(text).startsWith("5 com.example.Orders order 42 failed\njava.lang.IllegalStateException: boom\n\tat "
            + TracingLoggerTest.class.getName() + ".aThrowableIsAppendedWithItsFramesAndCausesWithoutTheFramesACauseShares(");
        assertThat(text.substring(text.indexOf("\nCaused by: ")))
            .as("the cause shows its two own frames (diskFull and the test's line) and counts the shared rest")
            .startsWith("\nCaused by: java.io.IOException: disk full\n\tat " + TracingLoggerTest.class.getName() + ".diskFull(")
            .endsWith("\n\t... " + (cause.getStackTrace().length - 2) + " more")
            .hasLineCount(5); // the empty line before, the cause, two frames, "... more"
    }

    private static IOException diskFull() {
        return new IOException("disk full");
    }

    @Test
    void mdcValuesAndTheMarkerAreRecordedAsPropertiesOfTheLogsMadeWhileSet() {
        final InMemorySink sink = install(Level.INFO, 4096);
        MDC.put("order", "o-1");
        MDC.put("user", "alice");
        ORDERS.info("paid {}", 12.5);
        MDC.put("user", "bob");
        ORDERS.warn(MarkerFactory.getMarker("AUDIT"), "refunded {} of {}", 3, "o-1");
        MDC.remove("order");
        assertThat(MDC.get("user")).isEqualTo("bob");
        assertThat(MDC.getCopyOfContextMap()).containsExactly(java.util.Map.entry("user", "bob"));
        MDC.clear();
        ORDERS.info("no context");
        runtime.flush();

        assertThat(SinkEvents.logs(sink)).containsExactly(
            "3 com.example.Orders paid 12.5 {order=o-1, user=alice}",
            "4 com.example.Orders refunded 3 of o-1 {order=o-1, user=bob, marker=AUDIT}",
            "3 com.example.Orders no context");
    }

    @Test
    void aCauseCycleEndsTheChain() {
        final InMemorySink sink = install(Level.INFO, 16_384);
        final RuntimeException first = new RuntimeException("first");
        final RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);
        ORDERS.error("cycle", first);
        runtime.flush();

        assertThat(SinkEvents.logs(sink).get(0)).contains("Caused by: java.lang.RuntimeException: second")
            .doesNotContain("Caused by: java.lang.RuntimeException: first");
    }

    @Test
    void eachThrowableShowsAtMost32FramesAndALongStackIsCutAtTheRuntimesStringLimit() {
        final InMemorySink sink = install(Level.INFO, 16_384);
        ORDERS.error("deep", deepException(300));
        runtime.flush();
        assertThat(SinkEvents.logs(sink).get(0)).startsWith("5 com.example.Orders deep\njava.lang.RuntimeException: depth 300")
            .contains("\t... ").hasLineCount(1 + 1 + 32 + 1);
        runtime.close();

        final InMemorySink cut = install(Level.INFO, 200);
        ORDERS.error("deep", deepException(300));
        runtime.flush();
        final String[] lines = SinkEvents.logs(cut).get(0).split("\n");
        assertThat(lines[lines.length - 1]).endsWith(io.lakeobs.transit.telemetry.Arguments.CUT_MARK);
        assertThat(String.join("\n", java.util.Arrays.copyOfRange(lines, 2, lines.length)))
            .hasSize(200 + io.lakeobs.transit.telemetry.Arguments.CUT_MARK.length());
    }

    private static RuntimeException deepException(final int depth) {
        return depth == 0 ? new RuntimeException("depth 300") : deepException(depth - 1);
    }

    private InMemorySink install(final Level minLevel, final int maxStringChars) {
        final InMemorySink sink = new InMemorySink();
        runtime = Tracing.builder().sink(sink).manualCollector().minLevel(minLevel).maxStringChars(maxStringChars)
            .shutdownHook(false).install();
        return sink;
    }
}
