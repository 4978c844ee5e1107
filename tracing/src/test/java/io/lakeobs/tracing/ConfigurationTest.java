package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.InMemorySink;
import io.lakeobs.tracing.sink.EncodedBlock;
import io.lakeobs.tracing.sink.ProcessInfo;
import io.lakeobs.tracing.sink.StreamInfo;
import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.tracing.sink.TelemetrySink;
import io.lakeobs.transit.telemetry.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigurationTest {
    static final LogCallSite DEBUG = Tracing.logSite(Level.DEBUG, "cfg", "debug", "ConfigurationTest.java", 1);
    static final SpanSite SPAN = Tracing.spanSite("cfg.span", "cfg", "ConfigurationTest.java", 2);

    private TracingRuntime runtime;

    @AfterEach
    void uninstall() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void environmentValuesThatCannotBeReadAreRefusedNamingTheVariableAndBlankMeansUnset() {
        assertThatThrownBy(() -> Tracing.builder().fromEnvironment(Map.of("LAKEOBS_STREAMS", "log,metric")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LAKEOBS_STREAMS").hasMessageContaining("'metric'");
        assertThatThrownBy(() -> Tracing.builder().fromEnvironment(Map.of("LAKEOBS_LOG_LEVEL", "verbose")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LAKEOBS_LOG_LEVEL").hasMessageContaining("'verbose'");
        assertThatThrownBy(() -> Tracing.builder().fromEnvironment(Map.of("LAKEOBS_PROPERTIES", "service=orders,eu")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LAKEOBS_PROPERTIES").hasMessageContaining("'eu'");

        final InMemorySink sink = new InMemorySink();
        runtime = Tracing.builder().sink(sink).manualCollector().shutdownHook(false)
            .fromEnvironment(Map.of("LAKEOBS_STREAMS", " ", "LAKEOBS_LOG_LEVEL", "Warning", "LAKEOBS_PROPERTIES", "service=orders,"))
            .install();
        DEBUG.log(); // below WARN: not recorded
        SPAN.enter().close(); // blank LAKEOBS_STREAMS: every kind, as unset
        runtime.flush();
        assertThat(sink.streams()).singleElement().satisfies(s -> assertThat(s.kind()).isEqualTo(StreamKind.SPANS));
        assertThat(sink.processes().get(0).properties()).containsExactlyEntriesOf(Map.of("service", "orders"));
        runtime.close();
        runtime = Tracing.builder().sink(new InMemorySink()).manualCollector().shutdownHook(false)
            .fromEnvironment(Map.of("LAKEOBS_STREAMS", "logs,Spans")).install();
        assertThat(runtime.enabled(StreamKind.LOG)).isTrue();
        assertThat(runtime.enabled(StreamKind.SPANS)).isTrue();
        assertThat(runtime.enabled(StreamKind.METRICS)).isFalse();
    }

    @Test
    void environmentSetsLevelStreamsPropertiesAndParent() {
        final UUID parent = UUID.fromString("00000000-0000-0000-0000-000000000042");
        final InMemorySink sink = new InMemorySink();
        runtime = Tracing.builder().sink(sink).manualCollector().shutdownHook(false).clock(new ManualClock(5_000))
            .fromEnvironment(Map.of("LAKEOBS_LOG_LEVEL", "debug", "LAKEOBS_STREAMS", "log,metrics",
                "LAKEOBS_PROPERTIES", "service=orders, region = eu", ProcessInfos.PARENT_PROCESS_ID_ENV, parent.toString()))
            .install();
        DEBUG.log();
        assertThat(SPAN.enter()).isSameAs(SpanScope.NOOP);
        runtime.flush();

        final ProcessInfo process = sink.processes().get(0);
        assertThat(process.parentProcessId()).isEqualTo(parent);
        assertThat(process.properties()).containsExactlyInAnyOrderEntriesOf(Map.of("service", "orders", "region", "eu"));
        assertThat(process.startTicks()).isEqualTo(5_000);
        assertThat(process.ticksPerSecond()).isEqualTo(1_000_000_000L);
        assertThat(process.os()).contains(System.getProperty("os.name"));
        assertThat(process.jvm()).contains(System.getProperty("java.runtime.version"));
        assertThat(process.username()).isEqualTo(System.getProperty("user.name"));
        assertThat(process.cpu()).isNotBlank();
        assertThat(process.startTimeNanos()).isPositive();
        assertThat(Decoded.of(sink).all).extracting(Decoded.Event::text).containsExactly("2 cfg debug");
        assertThat(sink.streams()).singleElement().satisfies(s -> assertThat(s.kind()).isEqualTo(StreamKind.LOG));
        final Map<String, String> child = ProcessInfos.childEnvironment(new HashMap<>());
        assertThat(child).containsEntry(ProcessInfos.PARENT_PROCESS_ID_ENV, process.processId().toString());
    }

    @Test
    void closeGivesTheSinkTheConfiguredShutdownDeadline() {
        final List<Duration> deadlines = new ArrayList<>();
        final TelemetrySink sink = new TelemetrySink() {
            @Override
            public void onProcessStarted(final ProcessInfo process) {
            }

            @Override
            public void onStreamCreated(final StreamInfo stream) {
            }

            @Override
            public void onBlock(final EncodedBlock block) {
            }

            @Override
            public void flush() {
            }

            @Override
            public void shutdown(final Duration deadline) {
                deadlines.add(deadline);
            }
        };
        Tracing.builder().sink(sink).manualCollector().shutdownHook(false)
            .shutdownDeadline(Duration.ofMillis(1234)).install().close();
        Tracing.builder().sink(sink).manualCollector().shutdownHook(false).install().close();
        assertThat(deadlines).containsExactly(Duration.ofMillis(1234), TracingBuilder.DEFAULT_SHUTDOWN_DEADLINE);
        assertThatThrownBy(() -> Tracing.builder().shutdownDeadline(Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shutdown deadline");
    }

    @Test
    void installingTwiceIsRefusedAndRegistrationsAreInterned() {
        runtime = Tracing.builder().manualCollector().shutdownHook(false).install();
        assertThatThrownBy(() -> Tracing.builder().install()).isInstanceOf(IllegalStateException.class);
        assertThat(Tracing.logSite(Level.DEBUG, "cfg", "debug", "ConfigurationTest.java", 1)).isSameAs(DEBUG);
        assertThat(Tracing.properties(Map.of("a", "1", "b", "2")).id())
            .isEqualTo(Tracing.properties(new HashMap<>(Map.of("b", "2", "a", "1"))).id());
        assertThatThrownBy(() -> Tracing.builder().ringCapacity(1000)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longStringsAreTruncatedWithoutAllocatingAndNonAsciiSurvives() {
        final InMemorySink sink = new InMemorySink();
        runtime = Tracing.builder().sink(sink).manualCollector().shutdownHook(false).maxStringChars(8).install();
        final LogCallSite site = Tracing.logSite(Level.INFO, "cfg", "v={}", "ConfigurationTest.java", 3);
        site.log("0123456789abcdef");
        site.log("caf\u00e9");
        site.log((CharSequence) new StringBuilder("builder"));
        runtime.flush();
        assertThat(Decoded.of(sink).all).extracting(Decoded.Event::text)
            .containsExactly("3 cfg v=01234567…[cut]", "3 cfg v=caf\u00e9", "3 cfg v=builder");
    }

    /**
     * The ASCII fast path checks chars four at a time plus a tail: a non-ASCII char at any
     * position, a Latin-1 char, a UTF-16 char whose low byte is ASCII ('\u0141' ends in 0x41),
     * a surrogate pair and lengths around the stride must all come back exactly, through the
     * one-string log and the string-and-long log alike.
     */
    @Test
    void everyStringShapeSurvivesBothStringPaths() {
        final InMemorySink sink = new InMemorySink();
        runtime = Tracing.builder().sink(sink).manualCollector().shutdownHook(false).maxStringChars(64).install();
        final LogCallSite one = Tracing.logSite(Level.INFO, "cfg", "s={}", "ConfigurationTest.java", 5);
        final LogCallSite two = Tracing.logSite(Level.INFO, "cfg", "s={} n={}", "ConfigurationTest.java", 6);
        final java.util.List<String> strings = new ArrayList<>();
        for (int length = 0; length <= 9; length++) {
            strings.add("abcdefghi".substring(0, length));
            for (int position = 0; position < length; position++) {
                for (final char odd : new char[] {'\u00e9', '\u0141', '\u007f'}) {
                    final char[] chars = "abcdefghi".substring(0, length).toCharArray();
                    chars[position] = odd;
                    strings.add(new String(chars));
                }
            }
        }
        strings.add("x\uD83D\uDE00y");
        strings.add("\u0141\u0141\u0141\u0141");
        for (final String string : strings) {
            one.log(string);
            two.log(string, string.length());
        }
        runtime.flush();
        final java.util.List<String> expected = new ArrayList<>();
        for (final String string : strings) {
            expected.add("3 cfg s=" + string);
            expected.add("3 cfg s=" + string + " n=" + string.length());
        }
        assertThat(Decoded.of(sink).all).extracting(Decoded.Event::text).containsExactlyElementsOf(expected);
    }

    @Test
    void aFailingCharSequenceIsStoredAsNullAndNeverReachesTheCaller() {
        final InMemorySink sink = new InMemorySink();
        runtime = Tracing.builder().sink(sink).manualCollector().shutdownHook(false).install();
        final LogCallSite site = Tracing.logSite(Level.INFO, "cfg", "v={} n={}", "ConfigurationTest.java", 4);
        final CharSequence broken = new CharSequence() {
            @Override public int length() { return 4; }
            @Override public char charAt(final int index) { throw new IllegalStateException("broken"); }
            @Override public CharSequence subSequence(final int start, final int end) { return this; }
        };
        site.log(broken, 7);
        final IntMetric metric = Tracing.intMetric("cfg.metric", "n");
        metric.record(3, null);
        runtime.flush();
        assertThat(Decoded.of(sink).all).extracting(Decoded.Event::text)
            .containsExactly("3 cfg v=null n=7", "cfg.metric 3 {}");
    }
}
