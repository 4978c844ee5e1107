package io.lakeobs.transit;

import io.lakeobs.transit.block.BlockHeader;
import io.lakeobs.transit.block.BlockSummary;
import io.lakeobs.transit.block.Compression;
import io.lakeobs.transit.telemetry.Level;
import io.lakeobs.transit.telemetry.TelemetryReader;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import io.lakeobs.transit.testing.Argument;
import io.lakeobs.transit.testing.Catalog;
import io.lakeobs.transit.testing.DecodedLines;
import io.lakeobs.transit.testing.ModelEvent;
import io.lakeobs.transit.testing.ModelStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random streams of every standard event type, with any Unicode (lone surrogates included), cut
 * into blocks at random boundaries and compressed with a random codec, decode to exactly what
 * was written; strings read back as {@code Utf8.normalize} of what was written.
 */
class RoundTripPropertiesTest {
    // the catalog's shape is fixed, so events can name ids before its strings are drawn
    private static final int[] CALL_SITES = {1, 2, 3};
    private static final int[] METRICS = {4, 5};
    private static final int[] SPANS = {6, 7};
    private static final int[] STRINGS = {8, 9};
    private static final int[] PROPERTY_SETS = {10, 11};

    record Scenario(List<String> texts, List<Level> levels, List<ModelEvent> events, List<Integer> cuts,
                    Compression compression) {
    }

    @Property(seed = "20261121", tries = 300)
    void decodedEventsEqualWrittenEvents(@ForAll("scenarios") final Scenario scenario) {
        final Catalog catalog = catalog(scenario.texts(), scenario.levels());
        final List<Integer> sizes = blockSizes(scenario.events().size(), scenario.cuts());
        final List<byte[]> blocks = ModelStream.encode(catalog, scenario.events(), sizes, scenario.compression());

        final TelemetryReader reader = new TelemetryReader();
        final DecodedLines decoded = new DecodedLines();
        int first = 0;
        for (int k = 0; k < blocks.size(); k++) {
            final byte[] block = blocks.get(k);
            final BlockHeader header = reader.read(block, 0, block.length, TelemetryTypes.declarations(), decoded);
            final List<ModelEvent> events = scenario.events().subList(first, first + sizes.get(k));
            assertThat(header.objectCount()).isEqualTo(events.size());
            assertThat(header.objectOffset()).isEqualTo(first);
            assertThat(header.beginTicks()).isEqualTo(k * 1000L);
            assertThat(header.summary()).isEqualTo(summaryOf(events, catalog));
            first += events.size();
        }
        assertThat(decoded.lines()).containsExactlyElementsOf(ModelStream.expected(catalog, scenario.events()));
    }

    private static BlockSummary summaryOf(final List<ModelEvent> events, final Catalog catalog) {
        int logs = 0;
        int metrics = 0;
        int spans = 0;
        int errors = 0;
        int maxLevel = 0;
        for (final ModelEvent event : events) {
            final String kind = event.getClass().getSimpleName();
            if (kind.startsWith("Log")) {
                logs++;
                maxLevel = Math.max(maxLevel, event.level(catalog));
                errors += event.level(catalog) >= Level.ERROR.code() ? 1 : 0;
            } else if (kind.startsWith("Metric")) {
                metrics++;
            } else {
                spans++;
            }
        }
        return new BlockSummary(logs, metrics, spans, 0, errors, maxLevel);
    }

    private static List<Integer> blockSizes(final int eventCount, final List<Integer> cuts) {
        final List<Integer> points = new ArrayList<>();
        for (final int cut : cuts) {
            points.add(cut * eventCount / 1000);
        }
        points.sort(null);
        final List<Integer> sizes = new ArrayList<>();
        int previous = 0;
        for (final int point : points) {
            sizes.add(point - previous);
            previous = point;
        }
        sizes.add(eventCount - previous);
        return sizes;
    }

    private static Catalog catalog(final List<String> texts, final List<Level> levels) {
        final Catalog catalog = new Catalog();
        int t = 0;
        for (int i = 0; i < CALL_SITES.length; i++) {
            catalog.callSite(levels.get(i), 10 * i + 1, texts.get(t++), texts.get(t++) + " {} " + texts.get(t++), texts.get(t++));
        }
        for (int i = 0; i < METRICS.length; i++) {
            catalog.metric(texts.get(t++), texts.get(t++), texts.get(t++));
        }
        for (int i = 0; i < SPANS.length; i++) {
            catalog.span(100 + i, texts.get(t++), texts.get(t++), texts.get(t++));
        }
        for (int i = 0; i < STRINGS.length; i++) {
            catalog.staticString(texts.get(t++));
        }
        for (int i = 0; i < PROPERTY_SETS.length; i++) {
            final TreeMap<String, String> properties = new TreeMap<>();
            for (int p = 0; p <= i + 1; p++) {
                properties.put(texts.get(t++), texts.get(t++));
            }
            catalog.propertySet(properties);
        }
        return catalog;
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Combinators.combine(
            text().list().ofSize(40),
            Arbitraries.of(Level.class).list().ofSize(CALL_SITES.length),
            event().list().ofMaxSize(80),
            Arbitraries.integers().between(0, 1000).list().ofMaxSize(5),
            Arbitraries.of(Compression.class)).as(Scenario::new);
    }

    /** Any UTF-16: random code units, lone surrogates, valid supplementary pairs, and ASCII runs. */
    static Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.chars().all().map(String::valueOf),
                Arbitraries.chars().range(Character.MIN_SURROGATE, Character.MAX_SURROGATE).map(String::valueOf),
                Arbitraries.integers().between(Character.MIN_SUPPLEMENTARY_CODE_POINT, Character.MAX_CODE_POINT)
                    .map(Character::toString),
                Arbitraries.strings().ascii().ofMaxLength(6))
            .list().ofMaxSize(8).map(pieces -> String.join("", pieces));
    }

    private static Arbitrary<Long> ticks() {
        return Arbitraries.longs();
    }

    private static Arbitrary<Double> doubles() {
        return Arbitraries.doubles().withSpecialValue(Double.NaN).withSpecialValue(Double.NEGATIVE_INFINITY)
            .withSpecialValue(-0.0).withSpecialValue(Double.MIN_VALUE);
    }

    private static Arbitrary<Argument> argument() {
        return Arbitraries.oneOf(
            Arbitraries.longs().map(Argument.I64::new),
            doubles().map(Argument.F64::new),
            Arbitraries.of(true, false).map(Argument.Bool::new),
            text().injectNull(0.2).map(Argument.Text::new));
    }

    private static Arbitrary<ModelEvent> event() {
        final Arbitrary<Integer> site = Arbitraries.of(CALL_SITES[0], CALL_SITES[1], CALL_SITES[2]);
        final Arbitrary<Integer> metric = Arbitraries.of(METRICS[0], METRICS[1]);
        final Arbitrary<Integer> span = Arbitraries.of(SPANS[0], SPANS[1]);
        final Arbitrary<Integer> string = Arbitraries.of(STRINGS[0], STRINGS[1]);
        final Arbitrary<Integer> properties = Arbitraries.of(PROPERTY_SETS[0], PROPERTY_SETS[1]);
        final Arbitrary<List<Argument>> arguments = argument().list().ofMaxSize(6);
        return Arbitraries.oneOf(
            Combinators.combine(site, ticks()).as(ModelEvent.LogStatic::new),
            Combinators.combine(site, ticks(), arguments).as(ModelEvent.LogArgs::new),
            Combinators.combine(Arbitraries.of(Level.class), string, ticks(), text(), arguments).as(ModelEvent.LogDynamic::new),
            Combinators.combine(metric, ticks(), Arbitraries.longs()).as(ModelEvent.MetricInt::new),
            Combinators.combine(metric, ticks(), doubles()).as(ModelEvent.MetricFloat::new),
            Combinators.combine(metric, properties, ticks(), Arbitraries.longs()).as(ModelEvent.MetricIntWithProperties::new),
            Combinators.combine(metric, properties, ticks(), doubles()).as(ModelEvent.MetricFloatWithProperties::new),
            Combinators.combine(span, ticks()).as(ModelEvent.SpanBegin::new),
            Combinators.combine(span, ticks()).as(ModelEvent.SpanEnd::new),
            Combinators.combine(span, ticks(), text()).as(ModelEvent.NamedSpanBegin::new),
            Combinators.combine(Arbitraries.of(true, false), span, Arbitraries.longs(), Arbitraries.longs(),
                Arbitraries.integers(), ticks()).as(ModelEvent.Async::new));
    }
}
