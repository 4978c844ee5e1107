package io.lakeobs.transit.testing;

import io.lakeobs.transit.block.BlockHeader;
import io.lakeobs.transit.block.Compression;
import io.lakeobs.transit.telemetry.Level;

import java.util.List;
import java.util.TreeMap;

/**
 * The fixed stream behind the golden vectors: every standard event type, every argument kind,
 * non-ASCII text, a supplementary character and a lone surrogate. Changing anything here changes
 * the expected bytes: a format change is a new version with new vectors, never a regeneration.
 */
public final class GoldenStream {
    public static final String VERSION = "v2";
    public static final List<Compression> CODECS = List.of(Compression.NONE, Compression.LZ4, Compression.ZSTD);

    private GoldenStream() {
    }

    public static String blockName(final Compression compression) {
        return VERSION + "-" + compression.name().toLowerCase(java.util.Locale.ROOT) + ".block";
    }

    public static String headerName(final Compression compression) {
        return VERSION + "-" + compression.name().toLowerCase(java.util.Locale.ROOT) + ".header.txt";
    }

    public static final String DECLARATIONS = VERSION + "-declarations.bin";
    public static final String EVENTS = VERSION + "-events.txt";

    public static Catalog catalog() {
        final Catalog catalog = new Catalog();
        catalog.callSite(Level.INFO, 42, "app.Checkout", "order {} paid {} via {} ok={} note={}", "Checkout.java"); // 1
        catalog.callSite(Level.ERROR, 77, "app.Checkout", "payment failed", "Checkout.java");                     // 2
        catalog.callSite(Level.DEBUG, 9, "app.Caf\u00e9", "r\u00e9sum\u00e9 {}", "Caf\u00e9.java");                // 3
        catalog.metric("http.latency", "ns", "app.Http");                                                          // 4
        catalog.metric("queue.depth", "items", "app.Queue");                                                       // 5
        catalog.span(12, "handle", "app.Http", "Http.java");                                                       // 6
        catalog.span(30, "db.query", "app.Db", "Db.java");                                                         // 7
        catalog.staticString("org.slf4j.Bridge");                                                                  // 8
        final TreeMap<String, String> properties = new TreeMap<>();
        properties.put("region", "eu-west-1");
        properties.put("route", "/orders/{id}");
        catalog.propertySet(properties);                                                                           // 9
        catalog.staticString("unused: not referenced, so in no block");                                            // 10
        return catalog;
    }

    public static List<ModelEvent> events() {
        return List.of(
            new ModelEvent.SpanBegin(6, 1_000),
            new ModelEvent.LogStatic(2, 1_010),
            new ModelEvent.LogArgs(1, 1_020, List.of(new Argument.I64(1234567890123L), new Argument.F64(19.99),
                new Argument.Text("carte bleue \u20ac \ud83d\ude00"), new Argument.Bool(true), new Argument.Text(null))),
            new ModelEvent.LogArgs(3, 1_030, List.of(new Argument.Text("lone \ud800 surrogate"))),
            new ModelEvent.LogArgs(1, 1_040, List.of()),
            new ModelEvent.LogDynamic(Level.WARN, 8, 1_050, "bridged {} message", List.of(new Argument.I64(-1))),
            new ModelEvent.LogDynamic(Level.FATAL, 8, 1_060, "no arguments \u00e9\u00e8", List.of()),
            new ModelEvent.MetricInt(4, 1_070, 250_000),
            new ModelEvent.MetricFloat(4, 1_080, 0.125),
            new ModelEvent.MetricIntWithProperties(5, 9, 1_090, 17),
            new ModelEvent.MetricFloatWithProperties(5, 9, 1_100, -3.5e-7),
            new ModelEvent.SpanBegin(7, 1_110),
            new ModelEvent.NamedSpanBegin(7, 1_120, "SELECT \u2026 FROM orders"),
            new ModelEvent.SpanEnd(7, 1_130),
            new ModelEvent.SpanEnd(7, 1_140),
            new ModelEvent.Async(true, 6, 0x0123456789abcdefL, 0, 0, 1_150),
            new ModelEvent.Async(true, 7, 0x0123456789abcdf0L, 0x0123456789abcdefL, 1, 1_160),
            new ModelEvent.Async(false, 7, 0x0123456789abcdf0L, 0x0123456789abcdefL, 1, 1_170),
            new ModelEvent.Async(false, 6, 0x0123456789abcdefL, 0, 0, 1_180),
            new ModelEvent.MetricInt(4, 1_190, Long.MIN_VALUE),
            new ModelEvent.SpanEnd(6, 1_200),
            // version 2: floats, chars and cut strings as arguments, and a log_record
            new ModelEvent.LogArgs(1, 1_210, List.of(new Argument.F32(1.3f), new Argument.Char('c'),
                new Argument.Cut("cut after a whole \ud83d\ude00"), new Argument.F64(1.5), new Argument.I64(2))),
            new ModelEvent.LogRecord(2, 1_220, List.of(new Argument.Text("card declined")), recordProperties(),
                List.of(new Argument.Text("java.lang.IllegalStateException"), new Argument.Text("declined"),
                    new Argument.Text("\tat app.Checkout.pay(Checkout.java:80)"),
                    new Argument.Text("java.io.IOException"), new Argument.Text(null),
                    new Argument.Text("\tat app.Bank.call(Bank.java:12)"))),
            new ModelEvent.LogRecord(1, 1_230, List.of(), new TreeMap<>(), List.of()));
    }

    private static TreeMap<String, String> recordProperties() {
        final TreeMap<String, String> properties = new TreeMap<>();
        properties.put("marker", "PAYMENT");
        properties.put("order", "o-42 \u00e9");
        return properties;
    }

    /** The golden block of a codec: all events in one block, block index 0. */
    public static byte[] encode(final Compression compression) {
        final List<ModelEvent> events = events();
        return ModelStream.encode(catalog(), events, List.of(events.size()), compression).get(0);
    }

    /** The readable form of a header, one field per line. */
    public static String headerText(final BlockHeader header) {
        return "compression=" + header.compression() + "\n"
            + "objectCount=" + header.objectCount() + "\n"
            + "processId=" + header.processId() + "\n"
            + "streamId=" + header.streamId() + "\n"
            + "blockId=" + header.blockId() + "\n"
            + "beginTimeNanos=" + header.beginTimeNanos() + "\n"
            + "endTimeNanos=" + header.endTimeNanos() + "\n"
            + "beginTicks=" + header.beginTicks() + "\n"
            + "endTicks=" + header.endTicks() + "\n"
            + "objectOffset=" + header.objectOffset() + "\n"
            + "dependenciesCompressedSize=" + header.dependenciesCompressedSize() + "\n"
            + "dependenciesSize=" + header.dependenciesSize() + "\n"
            + "objectsCompressedSize=" + header.objectsCompressedSize() + "\n"
            + "objectsSize=" + header.objectsSize() + "\n"
            + "summary=" + header.summary() + "\n"
            + "payloadChecksum=" + String.format("%08x", header.payloadChecksum()) + "\n";
    }
}
