package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.InMemorySink;
import io.lakeobs.transit.telemetry.Arguments;
import io.lakeobs.transit.telemetry.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Natural calls keep every argument as the caller wrote it (issue 23): no widening, no boxing, no allocation. */
class ArgumentsAsWrittenTest {
    static final LogCallSite SITE = Tracing.logSite(Level.INFO, "written.As", "{} {} {} {}", "ArgumentsAsWrittenTest.java", 1);

    private TracingRuntime runtime;

    @AfterEach
    void uninstall() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void everyPrimitiveKeepsItsTypeAndText() {
        final InMemorySink sink = install(64);
        SITE.log(1.5, 2L);
        SITE.log(1.3f);
        SITE.log('c');
        SITE.log(true, 7);
        SITE.log(2L, 1.5, 'x', false);
        SITE.log("id", 0.1f, (short) 3, 'é');
        SITE.log((byte) -1, "two", Long.MAX_VALUE, Double.NaN);
        SITE.log('a', 'b', "c", (CharSequence) null);
        runtime.flush();

        assertThat(Decoded.of(sink).all).extracting(Decoded.Event::text).containsExactly(
            "3 written.As 1.5 2 {} {}",
            "3 written.As 1.3 {} {} {}",
            "3 written.As c {} {} {}",
            "3 written.As true 7 {} {}",
            "3 written.As 2 1.5 x false",
            "3 written.As id 0.1 3 é",
            "3 written.As -1 two 9223372036854775807 NaN",
            "3 written.As a b c null");
    }

    @Test
    void aStringTooLongIsCutAtACharacterBoundaryAndMarked() {
        final InMemorySink sink = install(8);
        SITE.log("0123456789");
        SITE.log("0123456\ud83d\ude00tail", 1L);   // the 8th char starts a pair: the cut keeps 7
        SITE.log("01234567");                       // exactly the limit: not cut
        runtime.flush();

        assertThat(Decoded.of(sink).all).extracting(Decoded.Event::text).containsExactly(
            "3 written.As 01234567" + Arguments.CUT_MARK + " {} {} {}",
            "3 written.As 0123456" + Arguments.CUT_MARK + " 1 {} {}",
            "3 written.As 01234567 {} {} {}");
    }

    @Test
    void mixedCallsAllocateNothing() {
        install(64);
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        for (int i = 0; i < 20_000; i++) {
            calls(i);
            if ((i & 1023) == 0) {
                runtime.flush();
            }
        }
        runtime.flush();
        final long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 1_000; i++) {
            calls(i);
        }
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertThat(allocated).as("bytes for 6 000 logs").isLessThan(6_000);
    }

    private static void calls(final int i) {
        SITE.log(i, 1.5f, 'c', true);
        SITE.log("order", i, 2.5, "ok");
        SITE.log(1.3f, (long) i);
        SITE.log('x', "y", false);
        SITE.log("\u00e9t\u00e9", i);
        SITE.log(i, i * 0.5);
    }

    private InMemorySink install(final int maxStringChars) {
        final InMemorySink sink = new InMemorySink();
        runtime = Tracing.builder().sink(sink).manualCollector().maxStringChars(maxStringChars).shutdownHook(false).install();
        return sink;
    }
}
