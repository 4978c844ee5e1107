package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.InMemorySink;
import io.lakeobs.transit.telemetry.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Logs whose arguments arrive boxed, as logging bridges hand them over. */
class BoxedArgumentsTest {
    static final LogCallSite TWELVE = Tracing.logSite(Level.INFO, "boxed.Twelve",
        "{} {} {} {} {} {} {} {} {} {} {} {}", "BoxedArgumentsTest.java", 1);
    static final LogCallSite ONE = Tracing.logSite(Level.INFO, "boxed.One", "{}", "BoxedArgumentsTest.java", 2);
    static final LogCallSite FILTERED = Tracing.logSite(Level.DEBUG, "boxed.Debug", "{}", "BoxedArgumentsTest.java", 3);

    private TracingRuntime runtime;

    @AfterEach
    void uninstall() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void everyKindOfArgumentIsStoredAndRendersAsItsText() {
        final InMemorySink sink = install(1024);
        final Object brokenToString = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no text");
            }
        };
        TWELVE.logArguments(1L, 2, (short) 3, (byte) 4, 2.5, 1.5f, true, "s", null, new StringBuilder("sb"),
            new Token("t-7"), brokenToString);
        ONE.logArguments('c', 0.1f, "' '");
        ONE.logArguments();
        ONE.logArguments((Object[]) null);
        FILTERED.logArguments(1);
        runtime.flush();

        assertThat(Decoded.of(sink).all).extracting(Decoded.Event::text).containsExactly(
            "3 boxed.Twelve 1 2 3 4 2.5 1.5 true s null sb token t-7 [toString() threw java.lang.IllegalStateException]",
            "3 boxed.One c 0.1 ' '",
            "3 boxed.One {}",
            "3 boxed.One {}");
    }

    @Test
    void longTextsAreCutAndArgumentsPastTheLimitLeftOut() {
        final InMemorySink sink = install(8);
        ONE.logArguments(new Token("0123456789"));
        ONE.logArguments(IntStream.range(0, 300).boxed().toArray());
        ONE.logArguments(IntStream.range(0, 300).boxed().toArray()); // the scratch texts were cleared
        runtime.flush();

        final var texts = Decoded.of(sink).all.stream().map(Decoded.Event::text).toList();
        assertThat(texts.get(0)).isEqualTo("3 boxed.One token 01" + io.lakeobs.transit.telemetry.Arguments.CUT_MARK); // 8 chars
        assertThat(texts.get(1)).isEqualTo("3 boxed.One " + String.join(" ", IntStream.range(0, 255).mapToObj(Integer::toString).toList()));
        assertThat(texts.get(2)).isEqualTo(texts.get(1));
    }

    private InMemorySink install(final int maxStringChars) {
        final InMemorySink sink = new InMemorySink();
        runtime = Tracing.builder().sink(sink).manualCollector().maxStringChars(maxStringChars).shutdownHook(false).install();
        return sink;
    }

    private record Token(String value) {
        @Override
        public String toString() {
            return "token " + value;
        }
    }
}
